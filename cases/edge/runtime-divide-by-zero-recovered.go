// Integer division by zero, recovered.
package main

import (
	"fmt"
	"runtime"
)

func div(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			re := r.(runtime.Error)
			err = re
		}
	}()
	q = a / b
	return q, nil
}

func main() {
	fmt.Println(div(7, 2))
	fmt.Println(div(7, 0))
	zero := 0
	q, err := div(-7, zero)
	fmt.Println(q, err)
}
