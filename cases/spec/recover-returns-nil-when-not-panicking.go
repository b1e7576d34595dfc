// The return value of recover is nil when the goroutine is not panicking or
// recover was not called directly by a deferred function.
//
// Here: the goroutine is not panicking.
package main

import "fmt"

func f() {
	defer func() {
		fmt.Println("deferred at normal return:", recover())
	}()
	fmt.Println("ordinary call:", recover())
}

func main() {
	f()
	fmt.Println("main done")
}
