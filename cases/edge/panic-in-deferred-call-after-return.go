// The return value is set, then the deferred call panics.
package main

import "fmt"

func f() (r int) {
	defer func() {
		fmt.Println("deferred sees r =", r, "and panics")
		panic("late panic")
	}()
	return 5
}

func g() (got int) {
	got = -1
	defer func() {
		fmt.Println("g recovered:", recover(), "got =", got)
	}()
	got = f()
	return got
}

func main() {
	fmt.Println("g returned", g())
}
