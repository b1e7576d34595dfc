// From the specification's examples:
//
//	// prints 3 2 1 0 before surrounding function returns
//	for i := 0; i <= 3; i++ {
//		defer fmt.Print(i)
//	}
package main

import "fmt"

func f() {
	// prints 3 2 1 0 before surrounding function returns
	for i := 0; i <= 3; i++ {
		defer fmt.Print(i)
	}
}

func main() {
	f()
	fmt.Println()
}
