// Blog post, section 3.3: x is 0 at the if, so multiReturn takes path B,
// prints "defer #2", "defer #1" and returns 2.
package main

import "fmt"

func multiReturn() (x int) {
	defer fmt.Println("defer #1")
	if x > 0 {
		fmt.Println("early return")
		return 1 // 路径 A
	}
	defer fmt.Println("defer #2")
	return 2 // 路径 B
}

func main() {
	fmt.Println(multiReturn())
}
