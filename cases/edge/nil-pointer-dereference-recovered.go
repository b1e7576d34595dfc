// Nil pointer dereference (read and write), recovered.
package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func try(name string, f func()) {
	defer func() {
		fmt.Println(name, "->", recover())
	}()
	f()
}

func main() {
	n := &Node{Val: 1}
	try("read", func() { fmt.Println(n.Next.Val) })
	try("write", func() { n.Next.Val = 2 })
	var p *int
	try("deref", func() { fmt.Println(*p) })
}
