// If a deferred function value evaluates to nil, execution panics when the
// function is invoked, not when the "defer" statement is executed.
package main

import "fmt"

func f() {
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	var g func()
	defer g()
	fmt.Println("defer statement executed without panic")
}

func main() {
	f()
	fmt.Println("main continues")
}
