// The method value wrapper does not count as an extra call level for recover.
package main

import "fmt"

type Guard struct{ name string }

func (g Guard) Catch() { fmt.Println(g.name, "recovered:", recover()) }

func (g *Guard) CatchPtr() { fmt.Println(g.name, "recovered:", recover()) }

func direct() {
	g := Guard{"direct method call"}
	defer g.Catch()
	panic(1)
}

func viaVariable() {
	g := Guard{"method value in a variable"}
	f := g.Catch
	defer f()
	panic(2)
}

func viaPointerVariable() {
	g := &Guard{"pointer method value in a variable"}
	f := g.CatchPtr
	defer f()
	panic(3)
}

func main() {
	direct()
	viaVariable()
	viaPointerVariable()
	fmt.Println("main continues")
}
