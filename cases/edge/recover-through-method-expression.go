// Method expressions, including the generated (*T).M for a value method.
package main

import "fmt"

type Net struct{ id int }

func (n Net) Catch() { fmt.Println("net", n.id, "recovered:", recover()) }

func (n *Net) CatchPtr() { fmt.Println("net", n.id, "recovered:", recover()) }

type Catcher interface{ Catch() }

func main() {
	func() {
		defer Net.Catch(Net{1})
		panic("value method expression")
	}()
	func() {
		defer (*Net).Catch(&Net{2})
		panic("pointer method expression of a value method")
	}()
	func() {
		f := (*Net).CatchPtr
		defer f(&Net{3})
		panic("method expression in a variable")
	}()
	func() {
		defer Catcher.Catch(Net{4})
		panic("interface method expression")
	}()
	fmt.Println("main continues")
}
