// What is frozen at the defer statement and what is not.
package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) Show() { fmt.Println("value receiver:", p.X, p.Y) }

func (p *Point) ShowPtr() { fmt.Println("pointer receiver:", p.X, p.Y) }

func show(tag string, n int, s []int, m map[string]int, p *Point) {
	fmt.Println(tag, n, s, m["k"], *p)
}

func main() {
	n := 1
	s := []int{1, 2}
	m := map[string]int{"k": 1}
	pt := Point{1, 1}
	defer show("args:", n, s, m, &pt)
	defer pt.Show()
	defer pt.ShowPtr()
	n = 2
	s[0] = 100
	s = append(s, 3)
	m["k"] = 2
	pt.X, pt.Y = 2, 2
	fmt.Println("changed everything")
}
