// While executing a function F, an explicit call to panic or a run-time panic
// terminates the execution of F.
package main

import "fmt"

func F() int {
	fmt.Println("F starts")
	panic("stop here")
	fmt.Println("F after panic (not printed)")
	return 1
}

func main() {
	defer func() {
		fmt.Println("main recovered:", recover())
	}()
	n := F()
	fmt.Println("main got", n)
}
