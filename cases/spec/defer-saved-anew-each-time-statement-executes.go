// Each time a "defer" statement executes, the function value and parameters to
// the call are evaluated as usual and saved anew but the actual function is not
// invoked.
package main

import "fmt"

func main() {
	fs := []func(int){
		func(i int) { fmt.Println("first function, i =", i) },
		func(i int) { fmt.Println("second function, i =", i) },
	}
	n := 0
	for i := 0; i < 4; i++ {
		f := fs[i%2]
		defer f(n)
		n += 10
	}
	fmt.Println("loop done, n =", n)
}
