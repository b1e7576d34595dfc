// println writes to stderr; fmt output for comparison goes to stdout.
package main

import "fmt"

func main() {
	x := 2.5
	small := 0.1
	third := 1.0 / 3.0
	fmt.Println(x, small, third, 1e21, 100.0)
	defer println("deferred:", x)
	println(x, small, third, 1e21, 100.0)
	print(-x, "\n")
}
