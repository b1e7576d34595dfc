// gosem finding 011: gc 1.22 and later throw "fatal error: bad recovery" for this valid
// program, in most runs but not all.
//
// Found by `gosem fuzz` (seed 2645, default generator configuration) on go1.27.3, then
// minimized. main's last deferred call starts a Goexit; the deferred calls it runs panic (the
// nil func call, then `defer panic(0)` in each f4) until `defer recover()` in main's deferred
// f1 call recovers, and the Goexit resumes; with no other goroutine, the model (`gosem run`)
// ends the program in the Goexit deadlock from Go 1.22 on (exit 2, "fatal error: no goroutines
// (main called runtime.Goexit) - deadlock!"), and go1.19.8 and go1.21.13 print the same as the
// model for them (exit 0, nothing on stderr).
//
// Not a case: a fixture cannot hold a run that changes from one run to the next. Built once per
// toolchain (go.mod at its own language version) and run 100 times: go1.19.8 and go1.21.13 exit
// 0 every time; go1.22.10 throws in 99 runs and exits 0 in 1; go1.23.9 to go1.27.3 throw in all
// 100 (a `gosem record --check` run saw go1.24.11 exit 0 once). Other programs of the finding
// throw in about half their runs. `gosem fuzz` recognises the throw on 1.22 and later, in a
// program that calls runtime.Goexit, as this finding.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func f1(a6 int, a7 int) (int, error) {
	defer recover()
	return 3, errors.New("err12")
}

func f4() (n27 int, err28 error) {
	defer fmt.Println(f1(0, 0))
	defer panic(0)
	return 7, errors.New("err40")
}

func main() {
	defer f1(3, -1)
	for i41 := 0; i41 < 3; i41++ {
		defer f4()
	}
	var fv42 func()
	defer fv42()
	fv47 := func(a45 int) {
		runtime.Goexit()
	}
	defer fv47(5)
}
