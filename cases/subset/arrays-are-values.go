package main

import "fmt"

type grid [2][3]int

func fill(g grid) grid {
	for i := range g {
		for j := range g[i] {
			g[i][j] = i*3 + j
		}
	}
	return g
}

func at(a [4]string, i int) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprint("recovered: ", r)
		}
	}()
	return a[i]
}

func main() {
	var g grid
	h := fill(g)
	fmt.Println(g, h, g == h, len(h), cap(h[0]))

	a := [...]int{5, 6, 7}
	defer fmt.Println("deferred copy:", a) // the array is copied at the defer statement
	p := &a
	p[1] = 60
	b := a
	b[0] = 50
	fmt.Println(a, b, *p)

	for i, v := range a { // ranges over a copy of a
		a[2] = 70
		fmt.Print(i, v, " ")
	}
	fmt.Println(a)

	seen := map[[2]int]string{{1, 2}: "one-two"}
	seen[[2]int{3, 4}] = "three-four"
	fmt.Println(seen[[2]int{1, 2}], seen[[2]int{3, 4}], len(seen))

	s := a[1:]
	s[0] = 600 // a slice of an array shares its elements
	fmt.Println(a, s, len(s), cap(s))

	names := [4]string{"a", "b", "c", "d"}
	fmt.Println(at(names, 3), at(names, 4))

	var q *[3]int
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	fmt.Println(len(q)) // len of a nil pointer to an array is constant
	q[0] = 1
}
