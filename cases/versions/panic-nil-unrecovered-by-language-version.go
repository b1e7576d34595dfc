// Unrecovered panic(nil) under two language versions.
package main

import "fmt"

func main() {
	defer fmt.Println("deferred call runs")
	panic(nil)
}
