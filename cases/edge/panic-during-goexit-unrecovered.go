// A panic during Goexit behaves like any panic if nothing recovers it.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer fmt.Println("last deferred call runs")
	defer func() {
		panic("panic during Goexit")
	}()
	runtime.Goexit()
}
