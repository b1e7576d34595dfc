// panic(recover()): the same value panicked again.
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r, "and re-panicking it")
		panic(r)
	}()
	panic("boom")
}
