// Each time a "defer" statement executes, the function value and parameters to
// the call are evaluated as usual and saved anew but the actual function is not
// invoked.
package main

import "fmt"

func hello(x int) { fmt.Println("hello", x) }

func bye(x int) { fmt.Println("bye", x) }

func arg(x int) int {
	fmt.Println("evaluating argument", x)
	return x
}

func main() {
	f := hello
	x := 1
	defer f(arg(x))
	f = bye
	x = 2
	fmt.Println("after defer statement: x =", x)
}
