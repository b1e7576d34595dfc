// Execution errors such as attempting to index an array out of bounds trigger a
// run-time panic equivalent to a call of the built-in function panic with a
// value of the implementation-defined interface type runtime.Error.
//
// (Arrays are outside the modeled subset; a slice is used.)
package main

import "fmt"

func main() {
	xs := []int{10, 20, 30}
	i := 3
	defer fmt.Println("deferred call runs")
	fmt.Println(xs[i-1])
	fmt.Println(xs[i])
}
