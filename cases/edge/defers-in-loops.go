// Deferred calls accumulate across iterations and run only when the function returns.
package main

import "fmt"

func loop() {
	for i := 0; i < 10; i++ {
		if i%2 == 1 {
			continue
		}
		if i > 6 {
			break
		}
		defer fmt.Println("deferred in iteration", i)
	}
	fmt.Println("loop finished")
	n := 3
	for n > 0 {
		defer fmt.Println("condition loop, n =", n)
		n--
	}
	fmt.Println("function about to return")
}

func main() {
	loop()
	fmt.Println("back in main")
}
