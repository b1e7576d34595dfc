// The return value of recover is nil when the goroutine is not panicking or
// recover was not called directly by a deferred function.
//
// Here: recover is called by functions that the deferred function calls.
package main

import "fmt"

func helper() {
	fmt.Println("helper's recover:", recover())
}

func f() {
	defer func() {
		helper()
		func() {
			fmt.Println("nested literal's recover:", recover())
		}()
	}()
	panic("still panicking")
}

func main() {
	defer func() {
		fmt.Println("main's deferred function recovers:", recover())
	}()
	f()
}
