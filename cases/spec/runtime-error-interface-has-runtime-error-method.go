// package runtime
//
//	type Error interface {
//		error
//		// and perhaps other methods
//	}
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func classify(v any) {
	if re, ok := v.(runtime.Error); ok {
		re.RuntimeError()
		fmt.Println("runtime.Error:", re.Error())
		return
	}
	if e, ok := v.(error); ok {
		fmt.Println("plain error:", e.Error())
		return
	}
	fmt.Println("not an error:", v)
}

func capture(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

func main() {
	var m map[int]int
	k := 0
	classify(capture(func() { m[k] = 1 }))
	classify(capture(func() { fmt.Println(10 / k) }))
	classify(errors.New("made by errors.New"))
	classify(capture(func() { panic("a string") }))
}
