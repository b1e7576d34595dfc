// A "return" statement in a function F terminates the execution of F, and
// optionally provides one or more result values.
package main

import "fmt"

func find(xs []int, want int) int {
	for i, x := range xs {
		fmt.Println("looking at index", i)
		if x == want {
			return i
		}
	}
	fmt.Println("not found")
	return -1
}

func main() {
	fmt.Println("result", find([]int{5, 6, 7, 8}, 6))
	fmt.Println("result", find([]int{5}, 6))
}
