// Promoted methods go through compiler-generated wrappers; recover still works.
package main

import "fmt"

type Recoverer struct{ tag string }

func (r Recoverer) Recover() { fmt.Println(r.tag, "recovered:", recover()) }

func (r *Recoverer) RecoverPtr() { fmt.Println(r.tag, "recovered:", recover()) }

type Server struct {
	Recoverer
	port int
}

type Client struct {
	*Recoverer
}

type Handler interface{ Recover() }

func main() {
	func() {
		s := Server{Recoverer{"embedded value"}, 80}
		defer s.Recover()
		panic("a")
	}()
	func() {
		c := Client{&Recoverer{"embedded pointer"}}
		defer c.RecoverPtr()
		panic("b")
	}()
	func() {
		var h Handler = Server{Recoverer{"through interface"}, 81}
		defer h.Recover()
		panic("c")
	}()
	fmt.Println("main continues")
}
