// One panic of each kind, recovered and printed with %v, %q/%d and %T.
package main

import (
	"errors"
	"fmt"
)

type Code int

type Pair struct {
	A int
	B string
}

func (p Pair) String() string { return fmt.Sprintf("<%d,%s>", p.A, p.B) }

func catch(v any) {
	defer func() {
		r := recover()
		fmt.Printf("%v | %T\n", r, r)
	}()
	panic(v)
}

func main() {
	catch(42)
	catch("two\nlines")
	catch(1.25)
	catch(true)
	catch(Code(7))
	catch(errors.New("an error"))
	catch(Pair{1, "x"})
	catch([]int{1, 2})
	catch(map[string]int{"k": 1})
	catch(int8(-3))
	catch(uint(3))
}
