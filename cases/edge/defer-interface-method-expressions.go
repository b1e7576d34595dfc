// Deferred interface method expressions: a native method (error.Error) runs in a wrapper; a
// method written in Go is itself the deferred function, so recover called in it stops the panic.
package main

import (
	"errors"
	"fmt"
)

type Str interface{ String() string }

type S struct{}

func (S) String() string {
	if r := recover(); r != nil {
		fmt.Println("recovered in String:", r)
	}
	return "s"
}

func g() {
	defer error.Error(errors.New("x"))
	defer Str.String(S{})
	fmt.Println("g")
}

func main() {
	g()
	func() {
		defer Str.String(S{})
		panic("p")
	}()
}
