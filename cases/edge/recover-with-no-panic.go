// Without a panic recover is a no-op returning nil.
package main

import "fmt"

func compute() (n int) {
	defer func() {
		if r := recover(); r != nil {
			n = -1
			fmt.Println("recovered", r)
			return
		}
		fmt.Println("nothing to recover, n =", n)
	}()
	return 10
}

func main() {
	fmt.Println("compute:", compute())
	fmt.Println("recover in main:", recover())
}
