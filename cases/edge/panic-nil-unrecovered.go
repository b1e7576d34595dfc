// panic(nil) built with each toolchain's own language version, not recovered.
package main

import "fmt"

func main() {
	var err error
	defer fmt.Println("deferred call runs")
	panic(err)
}
