// panic("unreachable")
package main

import "fmt"

func sign(n int) int {
	if n < 0 {
		return -1
	}
	if n == 0 {
		return 0
	}
	if n > 0 {
		return 1
	}
	panic("unreachable")
}

func main() {
	fmt.Println(sign(-5), sign(0), sign(5))
	panic("unreachable")
}
