// In a function without a result type, a "return" statement must not specify
// any result values.
package main

import "fmt"

func greet(name string) {
	defer fmt.Println("greet done")
	if name == "" {
		fmt.Println("no name")
		return
	}
	fmt.Println("hello,", name)
}

func main() {
	greet("gopher")
	greet("")
}
