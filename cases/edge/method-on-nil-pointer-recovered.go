// Methods on a nil pointer, recovered.
package main

import "fmt"

type List struct {
	Head int
	Rest *List
}

func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return 1 + l.Rest.Len()
}

func (l *List) First() int { return l.Head }

func (l List) Copy() List { return l }

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println(name, "panicked:", r)
		}
	}()
	f()
	fmt.Println(name, "ok")
}

func main() {
	var l *List
	try("Len", func() { fmt.Println("len", l.Len()) })
	try("First", func() { fmt.Println("first", l.First()) })
	try("Copy", func() { fmt.Println("copy", l.Copy()) })
}
