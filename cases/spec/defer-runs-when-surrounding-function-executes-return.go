// A "defer" statement invokes a function whose execution is deferred to the
// moment the surrounding function returns, either because the surrounding
// function executed a return statement, reached the end of its function body,
// or because the corresponding goroutine is panicking.
//
// Here: the surrounding function executes a return statement.
package main

import "fmt"

func f(n int) int {
	defer fmt.Println("deferred call runs")
	fmt.Println("body")
	if n > 0 {
		return n * 2
	}
	fmt.Println("not reached")
	return 0
}

func main() {
	r := f(21)
	fmt.Println("f returned", r)
}
