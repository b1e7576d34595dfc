// If the deferred function has any return values, they are discarded when the
// function completes.
package main

import "fmt"

func pair() (int, string) {
	fmt.Println("pair runs")
	return 99, "ignored"
}

func f() int {
	defer pair()
	defer func() int {
		fmt.Println("literal with result runs")
		return 100
	}()
	return 1
}

func main() {
	fmt.Println("f returned", f())
}
