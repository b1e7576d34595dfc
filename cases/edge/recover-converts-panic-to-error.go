// Turning panics into errors at an API boundary; the error return of errors.New is kept.
package main

import (
	"errors"
	"fmt"
)

var ErrEmpty = errors.New("empty input")

func first(xs []int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = fmt.Errorf("first: %v", e)
				return
			}
			err = fmt.Errorf("first: unexpected %v", r)
		}
	}()
	if xs == nil {
		panic(ErrEmpty)
	}
	if len(xs) == 0 {
		panic("zero length")
	}
	return xs[0], nil
}

func main() {
	fmt.Println(first([]int{4, 5}))
	fmt.Println(first(nil))
	fmt.Println(first([]int{}))
}
