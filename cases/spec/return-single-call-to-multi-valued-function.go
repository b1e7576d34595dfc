// The expression list in the "return" statement may be a single call to a
// multi-valued function. The effect is as if each value returned from that
// function were assigned to a temporary variable with the appropriate type,
// followed by a "return" statement listing these variables, at which point the
// rules of the previous case apply.
package main

import (
	"errors"
	"fmt"
)

func g() (int, error) {
	fmt.Println("g runs")
	return 5, errors.New("from g")
}

func f() (n int, err error) {
	defer func() {
		fmt.Println("deferred sees", n, err)
	}()
	return g()
}

func main() {
	n, err := f()
	fmt.Println("main got", n, err)
}
