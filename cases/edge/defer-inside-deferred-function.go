// Defer stacks are per call: each deferred function has its own.
package main

import "fmt"

func main() {
	defer fmt.Println("outer 1")
	defer func() {
		defer fmt.Println("inner a (runs last of inner)")
		defer func() {
			defer fmt.Println("innermost")
			fmt.Println("inner b body")
		}()
		fmt.Println("outer 2 body")
	}()
	defer fmt.Println("outer 3")
	fmt.Println("main body")
}
