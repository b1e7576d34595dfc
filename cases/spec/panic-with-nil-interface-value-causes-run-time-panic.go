// To ensure this, calling panic with a nil interface value (or an untyped nil)
// causes a run-time panic.
package main

import (
	"fmt"
	"runtime"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		fmt.Printf("%s: recovered %T, runtime.Error %t, nil %t\n", name, r, isRuntime, r == nil)
	}()
	f()
}

func main() {
	var e error
	var a any
	try("untyped nil", func() { panic(nil) })
	try("nil error", func() { panic(e) })
	try("nil any", func() { panic(a) })
}
