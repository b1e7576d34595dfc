// Slice index out of range, not recovered.
package main

import "fmt"

func main() {
	xs := []string{"a", "b"}
	defer fmt.Println("deferred call runs")
	for i := 0; i <= len(xs); i++ {
		fmt.Println(xs[i])
	}
}
