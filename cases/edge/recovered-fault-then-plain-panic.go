// A recovered nil dereference leaves no trace: a later panic's header has no fault line.
package main

import "fmt"

type T struct{ a, b int }

func touch(p *T) {
	defer func() { fmt.Println("recovered:", recover()) }()
	fmt.Println(p.b)
}

func main() {
	touch(nil)
	fmt.Println("continuing")
	panic("later")
}
