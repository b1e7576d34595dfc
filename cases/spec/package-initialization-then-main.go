// Package initialization (dependency order, then init functions), then main.
package main

import "fmt"

var counter = initCounter()

var base = 10

func initCounter() int { return base * 2 }

func init() { fmt.Println("init1", counter, base) }

func init() { fmt.Println("init2") }

type Stack struct{ items []int }

func (s *Stack) Push(v int) { s.items = append(s.items, v) }

func (s *Stack) Pop() (v int) {
	defer func() {
		if recover() != nil {
			v = -1
		}
	}()
	v = s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return
}

const (
	A = iota * 10
	B
	C
	D = "d"
	E
)

func main() {
	s := &Stack{}
	s.Push(1)
	s.Push(2)
	fmt.Println(s.Pop(), s.Pop(), s.Pop())
	fmt.Println(A, B, C, D, E)
	x := 3
	switch {
	case x > 2:
		fmt.Println("big")
		fallthrough
	case x > 100:
		fmt.Println("fell")
	default:
		fmt.Println("default")
	}
	switch x {
	case 1, 2:
		fmt.Println("small")
	case 3:
		fmt.Println("three")
	}
	for i := range 3 {
		defer fmt.Println("deferred", i)
	}
	n := 0
	for n < 5 {
		n++
		if n == 2 {
			continue
		}
		if n == 4 {
			break
		}
		fmt.Print(n)
	}
	fmt.Println()
	var f func(int) int
	f = func(k int) int {
		if k == 0 {
			return 1
		}
		return k * f(k-1)
	}
	fmt.Println(f(10), 7.0/2, float64(7)/2, 1e6, 1e21, 0.1+0.2)
	var i8 int8 = 127
	i8++
	fmt.Println(i8, ^0, -9>>1, 5&^3)
}
