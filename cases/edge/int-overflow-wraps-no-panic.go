// 64-bit int wrap-around, then an explicit panic.
package main

import "fmt"

const maxInt = 1<<63 - 1

func add(a, b int) (sum int) {
	defer func() {
		fmt.Println("add result", sum)
	}()
	sum = a + b
	if a > 0 && b > 0 && sum < 0 {
		panic(fmt.Sprintf("overflow: %d + %d wrapped to %d", a, b, sum))
	}
	return sum
}

func main() {
	fmt.Println(add(1, 2))
	fmt.Println(add(maxInt, 1))
}
