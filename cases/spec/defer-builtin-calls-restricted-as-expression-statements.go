// Calls of built-in functions are restricted as for expression statements.
//
// append, cap, len, make, new, ... may not be deferred (compile error);
// print, println, panic and recover may.
package main

import "fmt"

func f() {
	x := 1
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	defer panic(fmt.Sprint("deferred panic, x was ", x))
	defer recover()
	defer println("println to stderr, x was", x)
	defer print("print to stderr, x was ", x, "\n")
	x = 2
	fmt.Println("body done, x =", x)
}

func main() {
	f()
	fmt.Println("main continues")
}
