// Built with each toolchain's own language version; recorded with and without
// GODEBUG=panicnil=1.
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %v (%T), nil: %t\n", r, r, r == nil)
	}()
	panic(nil)
}
