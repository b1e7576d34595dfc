// Calling a nil func value, not recovered.
package main

import "fmt"

func main() {
	var callback func(int) int
	defer fmt.Println("deferred call runs")
	fmt.Println("calling nil func")
	fmt.Println(callback(1))
}
