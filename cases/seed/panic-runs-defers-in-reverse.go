// Blog post, section 2.1: f() prints "defer 2", "defer 1", then panics with "boom".
package main

import "fmt"

func f() {
	defer fmt.Println("defer 1") // 入栈位置:f 函数帧创建时注册
	defer fmt.Println("defer 2") // 后注册 → 先执行
	panic("boom")
}

func main() {
	f()
}
