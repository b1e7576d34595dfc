// Multi-line string as panic value.
package main

import "fmt"

func main() {
	msg := "config invalid:\n  missing name\n  bad port"
	fmt.Println(msg)
	panic(msg)
}
