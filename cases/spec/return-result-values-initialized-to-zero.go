// Regardless of how they are declared, all the result values are initialized
// to the zero values for their type upon entry to the function.
package main

import "fmt"

type Pair struct {
	A int
	B string
}

func named() (n int, s string, p *Pair, e error, q Pair, b bool) {
	fmt.Printf("on entry: %d %q %v %v %+v %t\n", n, s, p == nil, e, q, b)
	return
}

func unnamed(fail bool) (int, string, error) {
	defer func() { recover() }()
	if fail {
		panic("fail before return")
	}
	return 1, "one", nil
}

func main() {
	named()
	n, s, err := unnamed(true)
	fmt.Printf("after recovered panic: %d %q %v\n", n, s, err)
	n, s, err = unnamed(false)
	fmt.Printf("normal: %d %q %v\n", n, s, err)
}
