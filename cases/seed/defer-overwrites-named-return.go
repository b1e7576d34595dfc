// Blog post, section 3.2: f() returns 100.
package main

import "fmt"

func f() (ret int) {
	defer func() { ret = 100 }() // 修改命名返回值
	ret = 42
	return // 此处 ret=42 → defer 执行 → ret=100 → 最终返回100
}

func main() {
	fmt.Println(f())
}
