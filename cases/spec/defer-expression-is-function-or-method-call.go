// The expression must be a function or method call; it cannot be parenthesized.
package main

import "fmt"

type Counter struct{ n int }

func (c Counter) Show(tag string) { fmt.Println(tag, "value receiver sees", c.n) }

func (c *Counter) Inc(tag string) {
	c.n++
	fmt.Println(tag, "pointer receiver made it", c.n)
}

type Shower interface{ Show(tag string) }

func named(tag string) { fmt.Println(tag, "named function") }

func main() {
	c := Counter{n: 10}
	var s Shower = Counter{n: 20}
	fv := func(tag string) { fmt.Println(tag, "func variable") }

	defer named("1")
	defer func(tag string) { fmt.Println(tag, "function literal") }("2")
	defer fv("3")
	defer c.Show("4")
	defer c.Inc("5")
	defer s.Show("6")
	fmt.Println("main body done")
}
