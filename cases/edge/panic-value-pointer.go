// Pointer as panic value: recovered it is the very same pointer; unrecovered the
// runtime prints its type and address.
package main

import "fmt"

type State struct{ Step int }

var st = &State{Step: 1}

func inspect() {
	defer func() {
		r := recover()
		p := r.(*State)
		fmt.Println("same pointer:", p == st, "step:", p.Step)
	}()
	panic(st)
}

func main() {
	inspect()
	st.Step = 2
	panic(st)
}
