// Slice bounds out of range, not recovered.
package main

import "fmt"

func main() {
	xs := []int{1, 2, 3}
	n := 5
	defer fmt.Println("deferred call runs")
	fmt.Println(xs[1:n])
}
