// Found by `gosem fuzz` (seed 2645, default generator configuration) on go1.27.3, then reduced
// line by line. main's deferred Goexit is aborted by a nil func call, the panics of three
// deferred f4 calls are recovered by `defer recover()` in f1, and the Goexit resumes; with no
// other goroutine, the program ends in the Goexit deadlock. gc 1.22 and later throw
// "fatal error: bad recovery" instead (a consistency check of the runtime's recovery).
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func f1(a6 int, a7 int) (int, error) {
	v11 := a6 - a7
	fmt.Println("v11", v11)
	defer recover()
	return a6 * 3, errors.New("err12")
}

func f4() (n27 int, err28 error) {
	defer fmt.Println(f1(n27, n27))
	defer panic(errors.New("err29"))
	fv35 := func(a30 int) int {
		return 9 * n27
	}
	v36 := fv35(n27)
	fmt.Println("got37", v36)
	v38 := fv35(n27)
	fmt.Println("got39", v38)
	return n27 + 7, errors.New("err40")
}

func main() {
	defer f1(3, -1)
	for i41 := 0; i41 < 3; i41++ {
		defer f4()
	}
	var fv42 func()
	defer fv42()
	v43 := -1
	fmt.Println("v43", v43)
	fv47 := func(a45 int) {
		runtime.Goexit()
	}
	defer fv47(5)
}
