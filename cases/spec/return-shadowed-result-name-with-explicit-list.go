// Implementation restriction: A compiler may disallow an empty expression list
// in a "return" statement if a different entity (constant, type, or variable)
// with the same name as a result parameter is in scope at the place of the
// return.
//
// gc rejects a bare return inside the if ("result parameter err not in scope
// at return"), so the program lists the results explicitly there.
package main

import (
	"errors"
	"fmt"
)

func check(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

func f(n int) (v int, err error) {
	v = n
	if err := check(n); err != nil {
		return 0, err
	}
	return
}

func main() {
	fmt.Println(f(3))
	fmt.Println(f(-3))
}
