// The exact error values that represent distinct run-time error conditions are
// unspecified.
package main

import (
	"fmt"
	"runtime"
)

type T struct{ n int }

func catch(name string, f func()) {
	defer func() {
		r := recover()
		_, ok := r.(runtime.Error)
		fmt.Printf("%s: runtime.Error=%t %T\n  %v\n", name, ok, r, r)
	}()
	f()
}

func main() {
	var xs []int
	var m map[string]int
	var p *T
	var a any = "str"
	zero := 0
	i := 4
	catch("index", func() { _ = xs[i] })
	catch("slice bounds", func() { _ = xs[1:i] })
	catch("divide", func() { _ = i / zero })
	catch("nil map", func() { m["k"] = 1 })
	catch("nil pointer", func() { _ = p.n })
	catch("assertion", func() { _ = a.(int) })
}
