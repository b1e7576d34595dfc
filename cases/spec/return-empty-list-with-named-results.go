// The expression list may be empty if the function's result type specifies
// names for its result parameters. The result parameters act as ordinary local
// variables and the function may assign values to them as necessary. The
// "return" statement returns the values of these variables.
package main

import "fmt"

func stats(xs []int) (count, sum int, label string) {
	for _, x := range xs {
		count++
		sum += x
	}
	label = "sum"
	if sum > 10 {
		label = "big " + label
		return
	}
	sum = -sum
	return
}

func main() {
	fmt.Println(stats([]int{1, 2, 3}))
	fmt.Println(stats([]int{4, 5, 6}))
}
