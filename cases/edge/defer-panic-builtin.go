// The builtin panic can be deferred; its argument is evaluated at the defer statement.
package main

import "fmt"

func f() (n int) {
	msg := "deferred panic"
	defer fmt.Println("f: oldest deferred call runs after the panic starts")
	defer panic(msg)
	defer fmt.Println("f: newest deferred call runs first")
	msg = "changed later"
	n = 1
	return n
}

func main() {
	defer func() {
		fmt.Println("main recovered:", recover())
	}()
	fmt.Println(f())
}
