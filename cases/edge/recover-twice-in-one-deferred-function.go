// After a recover the goroutine is no longer panicking.
package main

import "fmt"

func main() {
	defer func() {
		first := recover()
		second := recover()
		fmt.Println("first:", first)
		fmt.Println("second:", second)
	}()
	panic("once")
}
