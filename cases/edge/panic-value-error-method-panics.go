// The runtime calls Error() to print the panic value; that call panics.
package main

import "fmt"

type Bad struct{}

func (Bad) Error() string { panic("Error method failed") }

func main() {
	defer fmt.Println("deferred call runs")
	panic(Bad{})
}
