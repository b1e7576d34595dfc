// A second panic raised while the first one is unwinding.
package main

import "fmt"

func f() {
	defer fmt.Println("f: deferred call after the second panic runs")
	defer func() {
		panic("second")
	}()
	panic("first")
}

func main() {
	defer fmt.Println("main: deferred call runs")
	f()
}
