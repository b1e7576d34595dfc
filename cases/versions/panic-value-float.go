// float64 as panic value.
package main

import "fmt"

func main() {
	ratio := 3.0 / 2
	fmt.Println("fmt prints", ratio)
	panic(ratio)
}
