// Next, any deferred functions run by F's caller are run, and so on up to any
// deferred by the top-level function in the executing goroutine.
package main

import "fmt"

func c() {
	defer fmt.Println("c deferred")
	panic("from c")
}

func b() {
	defer fmt.Println("b deferred 1")
	defer fmt.Println("b deferred 2")
	c()
	fmt.Println("b after c (not printed)")
}

func a() {
	defer fmt.Println("a deferred")
	b()
}

func main() {
	defer fmt.Println("main deferred")
	a()
}
