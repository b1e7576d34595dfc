// That type satisfies the predeclared interface type error.
package main

import "fmt"

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			fmt.Println("is error:", ok)
			err = e
		}
	}()
	q = a / b
	return
}

func main() {
	q, err := safeDiv(1, 0)
	fmt.Println(q, err)
	fmt.Println("message:", err.Error())
}
