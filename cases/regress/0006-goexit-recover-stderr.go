// Found by `gosem fuzz` (seed 20296, default generator configuration) on go1.27.3, then
// minimized: gc prints "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]" on stderr, the model does not.
package main

import (
	"fmt"
	"runtime"
)

func catch(label string) {
	r := recover()
	fmt.Println(label, "catch", r)
}

func main() {
	defer panic(0)
	defer catch("d20")
	defer func() {
		var fn14 func()
		fn14()
	}()
	defer func() {
		fv28 := func(a23 int) {
			defer runtime.Goexit()
		}
		defer fv28(0)
	}()
}
