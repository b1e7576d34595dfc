// Failed type assertions, recovered.
package main

import "fmt"

type Shape interface{ Area() int }

type Square struct{ Side int }

func (s Square) Area() int { return s.Side * s.Side }

type Named interface{ Name() string }

func try(name string, f func()) {
	defer func() {
		fmt.Println(name, "->", recover())
	}()
	f()
}

func main() {
	var v any = "text"
	var s Shape = Square{2}
	var none any
	n, ok := v.(int)
	fmt.Println("comma-ok:", n, ok)
	try("concrete", func() { fmt.Println(v.(int)) })
	try("named type", func() { fmt.Println(s.(*Square)) })
	try("missing method", func() { fmt.Println(s.(Named)) })
	try("nil interface", func() { fmt.Println(none.(string)) })
}
