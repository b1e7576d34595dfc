// "defer recover()" defers the builtin itself; gc does not let it recover.
package main

import "fmt"

func f() {
	defer fmt.Println("f: earlier deferred call runs")
	defer recover()
	panic("p")
}

func main() {
	defer func() { fmt.Println("main recover:", recover()) }()
	f()
	fmt.Println("not printed")
}
