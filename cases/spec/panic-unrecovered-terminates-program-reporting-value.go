// At that point, the program is terminated and the error condition is
// reported, including the value of the argument to panic. This termination
// sequence is called panicking.
package main

import "fmt"

func check(n int) {
	if n > 2 {
		panic(fmt.Sprintf("check: %d is too large", n))
	}
	fmt.Println("ok", n)
}

func main() {
	for i := 1; i < 5; i++ {
		check(i)
	}
	fmt.Println("not printed")
}
