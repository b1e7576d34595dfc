// Recover stops only the newest panic; a panic recovered inside a deferred call
// leaves the earlier one running; a recovered panic during Goexit lets Goexit resume.
package main

import (
	"fmt"
	"runtime"
)

func Y() {
	defer func() { fmt.Println("Y recovers:", recover()) }()
	defer func() { panic("p") }()
	panic("p0")
}

func Z() (r int) {
	defer func() {
		defer func() { fmt.Println("inner:", recover()) }()
		panic("second")
	}()
	defer func() { r = 5; fmt.Println("Z sees:", recover()) }()
	panic("first")
}

func W() {
	defer func() {
		fmt.Println("W outer:", recover())
	}()
	defer func() {
		func() {
			defer func() { fmt.Println("nested:", recover()) }()
			panic("mid")
		}()
		panic("top")
	}()
	panic("bottom")
}

func G() {
	defer fmt.Println("G done")
	defer func() {
		fmt.Println("G recover:", recover())
	}()
	defer func() {
		panic("in goexit")
	}()
	runtime.Goexit()
}

func main() {
	Y()
	fmt.Println(Z())
	W()
	defer func() {
		fmt.Println("main recover:", recover())
		panic("later")
	}()
	G()
}
