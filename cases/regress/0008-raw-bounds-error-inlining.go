// Found by `gosem fuzz` (seed 95394, default generator configuration) on go1.27.3, then
// minimized. A chain of three run-time panics: gc built as is prints the oldest raw,
// "panic: (runtime.boundsError) 0xADDR", without calling its Error method; built with
// -gcflags=all=-l it prints "panic: runtime error: index out of range [-1]", as the model does.
package main

import "fmt"

type Counter struct {
	n int
}

func (c Counter) Show(label string) {
	fmt.Println(label, "show", c.n)
}

func (c *Counter) Bump(label string) {
	c.n++
	fmt.Println(label, "bump", c.n)
}

func (c *Counter) Catch(label string) {
	r := recover()
	fmt.Println(label, "catch", c.n, r)
}

func trace(label string) func() {
	fmt.Println(label, "enter")
	return func() {
		fmt.Println(label, "exit")
	}
}

func f0(a1 int) (n2 int, n3 int) {
	defer fmt.Println("d5", n2, a1)
	defer func() {
		n3 += a1
	}()
	println("e8", 0)
	s9 := []int{1, 2, 3}
	i10 := 3
	fmt.Println("s9", s9[i10])
	return 3, 6
}

func main() {
	var fv12 func()
	defer fv12()
	fmt.Println("r13", 0)
	defer func() {
		fmt.Println("d14")
		fmt.Println("v15", 0)
		_, v17 := f0(0)
		fmt.Println("got18", 0, v17)
		defer trace("d19")()
		for i20 := 0; i20 < 2; i20++ {
			c21 := &Counter{n: 0}
			mv22 := c21.Show
			defer mv22("d23")
			fmt.Println("v24", 0)
			fmt.Println("p25", i20, 0)
			fmt.Println("p26", v17)
		}
	}()
	s27 := []int{1, 2, 3}
	i28 := -1
	fmt.Println("s27", s27[i28])
}
