// If D returns normally, without starting a new panic, the panicking sequence
// stops.
//
// Here D starts a new panic, so the panicking sequence does not stop.
package main

import "fmt"

func G() {
	defer func() {
		r := recover()
		fmt.Println("D recovered", r, "and panics again")
		panic(fmt.Sprint("wrapped: ", r))
	}()
	panic("original")
}

func caller() {
	defer func() {
		fmt.Println("caller recovered:", recover())
	}()
	G()
	fmt.Println("caller after G (not printed)")
}

func main() {
	caller()
	fmt.Println("main continues")
}
