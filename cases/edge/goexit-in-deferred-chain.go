// Goexit in a deferred call of main: the remaining deferred calls run, then the
// program ends with a fatal error because no goroutine is left.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer fmt.Println("deferred 1 (runs last)")
	defer func() {
		fmt.Println("deferred 2 calls Goexit")
		runtime.Goexit()
		fmt.Println("deferred 2 after Goexit (not printed)")
	}()
	defer fmt.Println("deferred 3 (runs first)")
	fmt.Println("main body done")
}
