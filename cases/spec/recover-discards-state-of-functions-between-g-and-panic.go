// In that case, the state of functions called between G and the call to panic
// is discarded, and normal execution resumes.
package main

import "fmt"

func thrower() {
	defer fmt.Println("thrower deferred")
	panic("thrown")
}

func between() int {
	defer fmt.Println("between deferred")
	thrower()
	fmt.Println("between resumes (not printed)")
	return 1
}

func G() (n int) {
	defer func() {
		fmt.Println("G recovered:", recover())
	}()
	n = between()
	fmt.Println("G after between (not printed)")
	return n + 1
}

func main() {
	fmt.Println("G returned", G())
}
