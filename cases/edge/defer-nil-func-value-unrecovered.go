// A nil func value can be deferred; the crash comes at function exit,
// after the rest of the body and the later-registered deferred calls.
package main

import "fmt"

var hook func(string)

func main() {
	defer fmt.Println("registered first, never runs")
	defer hook("x")
	defer fmt.Println("registered last, runs first")
	fmt.Println("body finished")
}
