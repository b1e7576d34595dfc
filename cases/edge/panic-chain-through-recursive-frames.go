// A panic replaced on the way up through recursive frames, recovered, then new panics.
package main

import (
	"errors"
	"fmt"
)

type T struct{ a, b, c int }

type CE int

func (c CE) Error() string { return fmt.Sprint("code ", int(c)) }

func deep(n int) {
	defer func() {
		if n == 2 {
			panic(fmt.Sprint("from defer at ", n))
		}
	}()
	if n == 0 {
		var p *T
		fmt.Println(p.b)
	}
	deep(n - 1)
}

func main() {
	defer func() {
		r := recover()
		fmt.Println("main recovered:", r)
		var ce CE = 7
		defer func() {
			panic(errors.New("final"))
		}()
		panic(ce)
	}()
	deep(3)
}
