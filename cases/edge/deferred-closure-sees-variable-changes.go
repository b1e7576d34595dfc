// Closures capture variables by reference.
package main

import "fmt"

func main() {
	x := 1
	defer func() { fmt.Println("closure sees x =", x) }()
	defer fmt.Println("argument saw x =", x)
	x = 2
	func() { x *= 10 }()
	fmt.Println("body ends with x =", x)
}
