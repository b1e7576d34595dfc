// That is, if the surrounding function returns through an explicit return
// statement, deferred functions are executed after any result parameters are
// set by that return statement but before the function returns to its caller.
package main

import "fmt"

func f() (a int, b string) {
	defer func() {
		fmt.Println("deferred sees", a, b)
	}()
	a, b = 1, "before return"
	return 2, "set by return"
}

func main() {
	a, b := f()
	fmt.Println("caller got", a, b)
}
