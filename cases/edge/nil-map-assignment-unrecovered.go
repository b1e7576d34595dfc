// Assignment to entry in nil map, not recovered.
package main

import "fmt"

type Registry struct{ byName map[string]int }

func main() {
	var r Registry
	defer fmt.Println("deferred call runs")
	r.byName["a"]++
}
