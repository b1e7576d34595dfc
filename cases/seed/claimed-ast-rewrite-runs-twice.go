// Blog post, section 3.1: the "等效 AST" the post claims the compiler produces,
// run as written. It prints second/first twice (once inline, once deferred).
package main

import "fmt"

func example() int {
	defer fmt.Println("first")
	defer fmt.Println("second")
	// 插入点:
	fmt.Println("second") // LIFO 逆序执行
	fmt.Println("first")
	return 42
}

func main() {
	fmt.Println(example())
}
