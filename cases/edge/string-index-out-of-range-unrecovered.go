// String index out of range, not recovered.
package main

import "fmt"

func main() {
	s := "go"
	i := len(s)
	defer fmt.Println("deferred call runs")
	fmt.Println(s[i])
}
