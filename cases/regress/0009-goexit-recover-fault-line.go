// Found by `gosem fuzz` (seed 100794, default generator configuration) on go1.19.8, then
// minimized. A Goexit runs a deferred call that faults; the fault is recovered and the Goexit
// resumes; a deferred panic crashes. Before Go 1.22 the fault line shows the recovery's stack
// pointer and program counter as its code and addr.
package main

import (
	"fmt"
	"runtime"
)

func catch(label string) {
	r := recover()
	fmt.Println(label, "catch", r)
}

func f2() (n20 int) {
	var fv21 func()
	defer fv21()
	return -1
}

func main() {
	defer panic(0)
	defer catch("d32")
	defer f2()
	defer runtime.Goexit()
}
