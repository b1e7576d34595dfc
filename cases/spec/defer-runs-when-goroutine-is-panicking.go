// A "defer" statement invokes a function whose execution is deferred to the
// moment the surrounding function returns, either because the surrounding
// function executed a return statement, reached the end of its function body,
// or because the corresponding goroutine is panicking.
//
// Here: the corresponding goroutine is panicking (and nothing recovers).
package main

import "fmt"

func f() {
	defer fmt.Println("f's deferred call runs")
	fmt.Println("f panics")
	panic("boom")
}

func main() {
	defer fmt.Println("main's deferred call runs")
	f()
	fmt.Println("not reached")
}
