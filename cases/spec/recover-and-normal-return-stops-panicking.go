// If D returns normally, without starting a new panic, the panicking sequence
// stops.
package main

import "fmt"

func G() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("D recovered", r, "and returns normally")
		}
	}()
	panic("trouble")
}

func main() {
	defer fmt.Println("main's deferred call runs at normal exit")
	G()
	fmt.Println("main continues normally")
}
