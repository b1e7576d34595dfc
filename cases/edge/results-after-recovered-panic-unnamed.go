// Without named results the deferred function cannot supply a result.
package main

import (
	"errors"
	"fmt"
)

func parse(s string) (int, error) {
	n := 0
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered", r, "with n =", n)
		}
	}()
	for _, c := range s {
		if c < '0' || c > '9' {
			panic("bad digit")
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return 0, errors.New("zero")
	}
	return n, nil
}

func main() {
	fmt.Println(parse("123"))
	fmt.Println(parse("12x"))
	fmt.Println(parse("0"))
}
