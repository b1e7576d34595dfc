// The arguments of a deferred call are evaluated at the defer statement.
package main

import "fmt"

func main() {
	defer fmt.Println("recover() evaluated early:", recover())
	fmt.Println("about to panic")
	panic("not recovered")
}
