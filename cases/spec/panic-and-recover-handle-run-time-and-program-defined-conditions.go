// Two built-in functions, panic and recover, assist in reporting and handling
// run-time panics and program-defined error conditions.
package main

import (
	"errors"
	"fmt"
)

var ErrInvalid = errors.New("invalid input")

func handle(name string, f func()) {
	defer func() {
		r := recover()
		fmt.Printf("%s: recovered %v (%T)\n", name, r, r)
	}()
	f()
}

func main() {
	xs := []int{1, 2}
	i := 2
	handle("run-time panic", func() { xs[i] = 0 })
	handle("program-defined", func() { panic(ErrInvalid) })
}
