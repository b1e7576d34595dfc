// D panics while the goroutine is already panicking; E, deferred by D,
// recovers D's panic; the first panic is still in progress afterwards.
package main

import "fmt"

func f() {
	defer func() {
		fmt.Println("outer recover:", recover())
	}()
	defer func() { // D
		defer func() { // E
			fmt.Println("E recover:", recover())
		}()
		panic("second")
	}()
	panic("first")
}

func main() {
	f()
	fmt.Println("main continues")
}
