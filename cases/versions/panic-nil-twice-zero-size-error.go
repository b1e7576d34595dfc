// panic(nil), recovered, then panic(nil) again (each toolchain's own language version).
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %T, panicking with nil again\n", r)
		panic(nil)
	}()
	panic(nil)
}
