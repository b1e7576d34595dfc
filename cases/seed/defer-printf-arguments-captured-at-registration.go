// Blog post, chapter 1 ("实际调试验证方法"): trace() prints defer 2 then defer 1
// with the values x had at each defer statement, and returns 42.
package main

import "fmt"

func trace() (x int) {
	defer fmt.Printf("defer 1: x=%d\n", x) // x=0(注册时捕获)
	x = 1
	defer fmt.Printf("defer 2: x=%d\n", x) // x=1(注册时捕获)
	return 42                              // 先赋值 x=42,再依次执行 defer 2→defer 1
}

// 输出:
// defer 2: x=1
// defer 1: x=0

func main() {
	fmt.Println(trace())
}
