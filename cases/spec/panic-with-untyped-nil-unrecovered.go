// To ensure this, calling panic with a nil interface value (or an untyped nil)
// causes a run-time panic.
package main

import "fmt"

func main() {
	defer fmt.Println("deferred call runs")
	panic(nil)
}
