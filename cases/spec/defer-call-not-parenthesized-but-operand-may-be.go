// The expression must be a function or method call; it cannot be parenthesized.
//
// "defer (f())" is rejected by the compiler; "defer (f)()" is a call whose
// function operand happens to be parenthesized, and is fine.
package main

import "fmt"

func f() { fmt.Println("f runs") }

type T struct{}

func (T) M() { fmt.Println("T.M runs") }

func main() {
	var t T
	defer (f)()
	defer (t.M)()
	defer (func() { fmt.Println("literal runs") })()
	fmt.Println("main body done")
}
