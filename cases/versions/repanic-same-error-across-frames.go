// Log-and-rethrow of a sentinel error.
package main

import (
	"errors"
	"fmt"
)

var ErrX = errors.New("x failed")

func inner() {
	defer func() {
		r := recover()
		fmt.Println("inner saw", r)
		panic(r)
	}()
	panic(ErrX)
}

func main() {
	defer fmt.Println("main deferred")
	inner()
}
