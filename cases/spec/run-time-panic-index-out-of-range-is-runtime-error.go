// Execution errors such as attempting to index an array out of bounds trigger a
// run-time panic equivalent to a call of the built-in function panic with a
// value of the implementation-defined interface type runtime.Error.
//
// (Arrays are outside the modeled subset; a slice is used.)
package main

import (
	"fmt"
	"runtime"
)

func get(xs []int, i int) (v int) {
	defer func() {
		r := recover()
		if re, ok := r.(runtime.Error); ok {
			fmt.Println("runtime.Error:", re.Error())
			v = -1
		}
	}()
	return xs[i]
}

func main() {
	xs := []int{10, 20, 30}
	fmt.Println(get(xs, 1))
	fmt.Println(get(xs, 5))
}
