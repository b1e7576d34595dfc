// Blog post, section 2.5: demo() prints "first" and then the program dies with "boom".
package main

import "fmt"

func demo() {
	defer fmt.Println("first") // 地址入链表
	panic("boom")              // 触发 unwind,强制执行 first
}

func main() {
	demo()
}
