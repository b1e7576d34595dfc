// Two deferred functions each recover and re-panic the same value.
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("second recover", r)
		panic(r)
	}()
	defer func() {
		r := recover()
		fmt.Println("first recover", r)
		panic(r)
	}()
	panic("same")
}
