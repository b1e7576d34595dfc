// Recovering a panic that happens during Goexit does not cancel the Goexit.
package main

import (
	"fmt"
	"runtime"
)

func work() {
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	defer func() {
		panic("panic during Goexit")
	}()
	runtime.Goexit()
}

func main() {
	defer fmt.Println("main: deferred")
	work()
	fmt.Println("main: after work (not printed)")
}
