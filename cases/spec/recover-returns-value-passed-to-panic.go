// Suppose a function G defers a function D that calls recover and a panic
// occurs in a function on the same goroutine in which G is executing. When the
// running of deferred functions reaches D, the return value of D's call to
// recover will be the value passed to the call of panic.
package main

import "fmt"

type Problem struct {
	Code int
	Msg  string
}

var original = &Problem{Code: 7, Msg: "deep trouble"}

func inner() { panic(original) }

func middle() { inner() }

func G() {
	defer func() { // D
		r := recover()
		p, ok := r.(*Problem)
		fmt.Printf("D got %T %+v ok=%t same=%t\n", r, *p, ok, p == original)
	}()
	middle()
}

func main() {
	G()
	fmt.Println("main continues")
}
