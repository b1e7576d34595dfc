// The return value or values may be explicitly listed in the "return"
// statement. Each expression must be single-valued and assignable to the
// corresponding element of the function's result type.
package main

import "fmt"

type Celsius int

type ParseError struct{ Line int }

func (e *ParseError) Error() string { return fmt.Sprintf("parse error on line %d", e.Line) }

func parse(ok bool) (Celsius, any, error) {
	if ok {
		return 21, "text", nil
	}
	return -1, 3, &ParseError{Line: 4}
}

func main() {
	c, a, err := parse(true)
	fmt.Printf("%v %T %v %T %v\n", c, c, a, a, err)
	c, a, err = parse(false)
	fmt.Printf("%v %T %v %T %v %T\n", c, c, a, a, err, err)
}
