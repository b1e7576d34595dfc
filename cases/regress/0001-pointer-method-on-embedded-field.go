// A pointer-receiver method called on an embedded field of an addressable struct variable,
// explicitly and promoted, takes the field's address implicitly.
package main

import "fmt"

type Counter struct {
	n int
}

func (c *Counter) Bump(label string) {
	c.n++
	fmt.Println(label, "bump", c.n)
}

type Outer struct {
	Counter
}

func main() {
	o := Outer{}
	o.Counter.Bump("a")
	o.Bump("b")
}
