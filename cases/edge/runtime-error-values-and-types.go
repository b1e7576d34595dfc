// Each run-time panic of the subset, recovered: its message and its dynamic type.
package main

import "fmt"

func try(f func()) {
	defer func() {
		r := recover()
		fmt.Printf("%v | %T\n", r, r)
	}()
	f()
}

type I interface{ M() }
type J interface{ N() }
type Impl struct{}

func (Impl) M() {}

func main() {
	s := []int{1, 2, 3}
	var e any = "str"
	var x I = Impl{}
	var m map[string]int
	idx := func(i int) int { return i }
	try(func() { _ = s[idx(5)] })
	try(func() { _ = s[idx(-1)] })
	try(func() { _ = s[idx(2):idx(1)] })
	try(func() { _ = s[:idx(4)] })
	try(func() { _ = s[idx(0):idx(1):idx(5)] })
	try(func() { _ = "abc"[idx(2):idx(5)] })
	try(func() { _ = e.(int) })
	try(func() { _ = e.(I) })
	try(func() { _ = x.(J) })
	try(func() { _ = x.(*Impl) })
	try(func() { var n any; _ = n.(int) })
	try(func() { var n any; _ = n.(I) })
	try(func() { m["a"] = 1 })
	try(func() { _ = 10 / idx(0) })
	try(func() { _ = 1 << idx(-1) })
	try(func() { _ = make([]int, idx(-1)) })
	try(func() { var a, b any = []int{}, []int{}; _ = a == b })
	try(func() { panic(nil) })
	try(func() { panic(fmt.Errorf("wrapped: %w", fmt.Errorf("inner"))) })
	try(func() { var f func(); f() })
}
