// For instance, if the deferred function is a function literal and the
// surrounding function has named result parameters that are in scope within
// the literal, the deferred function may access and modify the result
// parameters before they are returned.
package main

import (
	"errors"
	"fmt"
)

func divide(a, b int) (q int, err error) {
	defer func() {
		if err != nil {
			q = -1
			err = fmt.Errorf("divide(%d, %d): %v", a, b, err)
		}
	}()
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

func main() {
	q, err := divide(7, 2)
	fmt.Println(q, err)
	q, err = divide(7, 0)
	fmt.Println(q, err)
}
