// A "defer" statement invokes a function whose execution is deferred to the
// moment the surrounding function returns, either because the surrounding
// function executed a return statement, reached the end of its function body,
// or because the corresponding goroutine is panicking.
//
// Here: the surrounding function reaches the end of its function body.
package main

import "fmt"

func f() {
	defer fmt.Println("deferred call runs")
	fmt.Println("first statement")
	fmt.Println("last statement")
}

func main() {
	f()
	fmt.Println("back in main")
}
