// Any functions deferred by G before D are then run and G's execution
// terminates by returning to its caller.
package main

import "fmt"

func G() (result string) {
	defer fmt.Println("deferred before D (runs last)")
	defer func() {
		fmt.Println("deferred before D sees result =", result)
		result += " and cleaned up"
	}()
	defer func() { // D
		if r := recover(); r != nil {
			result = fmt.Sprint("recovered ", r)
		}
	}()
	defer fmt.Println("deferred after D (runs first)")
	result = "partial"
	panic("failure")
}

func main() {
	fmt.Println("G returned:", G())
}
