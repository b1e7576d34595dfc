// Integer division by zero (also by remainder), not recovered.
package main

import "fmt"

func main() {
	a, b := 10, 3
	defer fmt.Println("deferred call runs")
	fmt.Println(a % b)
	b = 0
	fmt.Println(a % b)
}
