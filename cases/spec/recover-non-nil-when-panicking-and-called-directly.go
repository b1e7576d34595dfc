// Conversely, if a goroutine is panicking and recover was called directly by a
// deferred function, the return value of recover is guaranteed not to be nil.
package main

import "fmt"

type T struct{}

func try(v any) {
	defer func() {
		r := recover()
		fmt.Printf("recover() != nil: %t, value %v, type %T\n", r != nil, r, r)
	}()
	panic(v)
}

func main() {
	var p *T
	var e error = (*MyErr)(nil)
	try(0)
	try("")
	try(false)
	try(p)
	try(e)
}

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }
