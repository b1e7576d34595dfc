// Instead, deferred functions are invoked immediately before the surrounding
// function returns, in the reverse order they were deferred.
package main

import "fmt"

func step(s string) { fmt.Println("deferred", s) }

func f() {
	defer step("A")
	defer func() { fmt.Println("deferred B (literal)") }()
	defer step("C")
	defer fmt.Println("deferred D (fmt.Println)")
	fmt.Println("f returns")
}

func main() {
	f()
	fmt.Println("main continues")
}
