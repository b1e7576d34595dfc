// Found by `gosem fuzz` (seed 2645, default generator configuration) on go1.27.3, then
// minimized. main's last deferred call starts a Goexit; the deferred calls it runs panic (the
// nil func call, then `defer panic(0)` in each f4) until `defer recover()` in main's deferred
// f1 call recovers, and the Goexit resumes; with no other goroutine, the program ends in the
// Goexit deadlock. gc 1.22 and later throw "fatal error: bad recovery" instead (a consistency
// check of the runtime's recovery).
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
