// Blog post, section 4.1: helper() prints "work" then "cleanup".
// Adapted: the post's log.Println("cleanup") is fmt.Println("cleanup") (log is
// outside the modeled subset and prints a timestamp).
package main

import "fmt"

// 示例:被内联的 defer 函数(编译器判定无需注册)
func helper() {
	defer fmt.Println("cleanup") // 若 helper 被内联,此 defer 可能被完全消除
	fmt.Print("work")
}

func main() {
	helper()
}
