// range over an int, with a deferred closure per iteration.
package main

import "fmt"

func main() {
	for i := range 3 {
		defer func() { fmt.Println("closure sees", i) }()
	}
	fmt.Println("loop done")
}
