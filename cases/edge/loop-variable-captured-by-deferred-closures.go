// Deferred closures capture variables, not values. Since Go 1.22 the
// three-clause loop variable is a new variable per iteration.
package main

import "fmt"

func main() {
	shared := 0
	for i := 0; i < 3; i++ {
		shared = i * 10
		defer func() { fmt.Println("closure: i =", i, "shared =", shared) }()
		defer fmt.Println("argument: i =", i, "shared =", shared)
	}
	shared = 99
}
