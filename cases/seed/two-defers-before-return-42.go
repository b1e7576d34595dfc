// Blog post, section 3.1: example() prints "second", "first" and returns 42.
package main

import "fmt"

func example() int {
	defer fmt.Println("first")  // deferStmt[0]
	defer fmt.Println("second") // deferStmt[1]
	return 42                   // returnStmt
}

func main() {
	fmt.Println(example())
}
