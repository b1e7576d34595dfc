// The recover function allows a program to manage behavior of a panicking
// goroutine.
package main

import "fmt"

type retryable string

func attempt(n int) (ok bool) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if msg, isRetry := r.(retryable); isRetry {
			fmt.Println("attempt", n, "will retry:", string(msg))
			return
		}
		fmt.Println("attempt", n, "gives up")
		panic(fmt.Sprint("giving up: ", r))
	}()
	if n < 2 {
		panic(retryable("temporary failure"))
	}
	if n == 3 {
		panic("permanent failure")
	}
	return true
}

func main() {
	for n := 0; n < 4; n++ {
		fmt.Println("attempt", n, "ok:", attempt(n))
	}
}
