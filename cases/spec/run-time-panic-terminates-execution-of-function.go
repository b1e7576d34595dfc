// While executing a function F, an explicit call to panic or a run-time panic
// terminates the execution of F.
package main

import "fmt"

func F(a, b int) int {
	fmt.Println("F starts")
	q := a / b
	fmt.Println("F after division, q =", q)
	return q
}

func main() {
	defer func() {
		fmt.Println("main recovered:", recover())
	}()
	fmt.Println(F(7, 2))
	fmt.Println(F(7, 0))
	fmt.Println("not printed")
}
