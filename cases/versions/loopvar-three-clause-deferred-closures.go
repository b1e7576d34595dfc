// Per-iteration loop variables (Go 1.22) and deferred closures.
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("closure sees i =", i) }()
	}
	fmt.Println("loop done")
}
