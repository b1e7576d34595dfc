// A nested `defer recover()` recovers a panic just before a sibling deferred call panics
// again: the crash header marks the first panic recovered. Reduced from a generated program.
package main

import (
	"fmt"
	"runtime"
)

func f0() (n1 int) {
	if n1 <= 6 {
		panic(fmt.Sprint("sprint4 ", 8))
	}
	return 7 + n1
}
func f1(d7 int) {
	runtime.Goexit()
}
func f3(a15 int) (n16 int, err17 error) {
	panic("boom22")
}
func main() {
	defer func() {
		defer f3(7)
		defer recover()
	}()
	func() {
		v24 := f0()
		fmt.Println("got25", v24)
	}()
}
