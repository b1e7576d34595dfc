// Both i.M() and the method value i.M panic when i is a nil interface.
package main

import "fmt"

type Speaker interface{ Speak() string }

func try(name string, f func()) {
	defer func() {
		fmt.Println(name, "->", recover())
	}()
	f()
	fmt.Println(name, "did not panic")
}

func main() {
	var s Speaker
	try("call", func() { s.Speak() })
	try("method value", func() {
		f := s.Speak
		fmt.Println("got method value")
		f()
	})
}
