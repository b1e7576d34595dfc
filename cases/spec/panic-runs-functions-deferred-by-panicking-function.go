// Any functions deferred by F are then executed as usual.
package main

import "fmt"

func F() {
	defer fmt.Println("F deferred 1")
	defer func() {
		fmt.Println("F deferred 2 (literal)")
	}()
	panic("boom")
}

func main() {
	defer func() {
		fmt.Println("main recovered:", recover())
	}()
	F()
}
