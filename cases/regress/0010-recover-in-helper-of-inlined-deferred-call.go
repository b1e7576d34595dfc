// Found by `gosem fuzz` (seed 149644, default generator configuration) on go1.22.10, then
// minimized. The deferred call f1(0, 0) calls a helper that calls recover: recover is not called
// directly by the deferred function, so it returns nil (spec, Handling panics). gc 1.22 to 1.25
// built as is inline f1 into its defer wrapper and let recover succeed (golang/go#73916).
package main

import "fmt"

func catch(label string) {
	r := recover()
	fmt.Println(label, "catch", r)
}

func f1(a7 int, a8 int) (n9 int, n10 int) {
	catch("h11")
	panic(nil)
}

func main() {
	defer catch("d14")
	defer f1(0, 0)
	_, _ = f1(-1, 4)
}
