// return a, check(b): check panics before the results are assigned.
package main

import "fmt"

func check(n int) int {
	if n < 0 {
		panic(fmt.Sprintf("negative: %d", n))
	}
	return n
}

func pair(a, b int) (x, y int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered", r, "with x, y =", x, y)
		}
	}()
	x, y = -1, -1
	return a, check(b)
}

func main() {
	fmt.Println(pair(1, 2))
	fmt.Println(pair(3, -4))
}
