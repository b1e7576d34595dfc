// No recover at all: the deferred function panics with the same interface value.
package main

import "fmt"

func main() {
	var e any = "message"
	defer func() {
		fmt.Println("deferred function panics with the same value")
		panic(e)
	}()
	panic(e)
}
