// gosem finding 012: go1.27.3's runtime throws "fatal error: bad panic stack" in about half
// the runs of one binary of this valid program, where every earlier release runs it to the end.
//
// Found by `gosem fuzz` (seed 9686, default generator configuration) on go1.27.3, then
// minimized. main's deferred call of the nil func value fv19 faults; the runtime, finding the
// next deferred call for that panic, sometimes throws. The Go specification says calling a nil
// func value panics with a run-time error; earlier releases, like the model (`gosem run`),
// print "p20", then "d13 catch runtime error: invalid memory address or nil pointer
// dereference", and exit 0.
//
// Not a case: a fixture cannot hold a run that changes from one run to the next. Built once per
// toolchain (go.mod at its own language version) and run 100 times, the runs that threw:
// go1.19.8 to go1.26.6 none, go1.27.3 55 (109 of 200 in another count, 65 of 100 with address
// randomisation off). `gosem fuzz` recognises the throw on go1.27 as this finding.
package main

import "fmt"

type Counter struct {
	n int
}

func (c Counter) Show(label string) {
	fmt.Println(label, "show", c.n)
}

func (c *Counter) Bump(label string) {
	c.n++
	fmt.Println(label, "bump", c.n)
}

func (c *Counter) Catch(label string) {
	r := recover()
	fmt.Println(label, "catch", c.n, r)
}

func catch(label string) {
	r := recover()
	fmt.Println(label, "catch", r)
}

func f1(d11 int) (n12 int) {
	defer catch("d13")
	var fv14 func()
	defer fv14()
	defer func() {
		var p16 *Counter
		fmt.Println("p16", p16.n)
	}()
	_ = recover()
	return
}

func main() {
	defer f1(2)
	var fv19 func()
	defer fv19()
	fmt.Println("p20")
}
