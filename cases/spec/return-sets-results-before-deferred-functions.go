// A "return" statement that specifies results sets the result parameters
// before any deferred functions are executed.
package main

import "fmt"

func f() (r int) {
	defer func() {
		fmt.Println("second deferred sees r =", r)
		r *= 10
	}()
	defer func() {
		fmt.Println("first deferred sees r =", r)
		r++
	}()
	r = 1
	return r + 1
}

func main() {
	fmt.Println("caller gets", f())
}
