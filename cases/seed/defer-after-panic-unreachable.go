// Blog post, section 2.2: "B" is unreachable and never deferred; only "A" runs.
package main

import "fmt"

func example() {
	defer fmt.Println("A") // 入栈
	panic("fail")
	defer fmt.Println("B") // 不入栈(dead code,编译器可优化掉)
}

func main() {
	example()
}
