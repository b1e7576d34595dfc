// Blog post, chapter 1 ("返回值捕获的关键行为"): example() returns 20.
package main

import "fmt"

func example() (result int) {
	defer func() {
		result *= 2 // 修改已赋值的命名返回值
	}()
	result = 10
	return // 此处先设 result=10,再执行 defer,最终返回 20
}

func main() {
	fmt.Println(example())
}
