// The body changes i after the closure is deferred.
package main

import "fmt"

func main() {
	for i := 0; i < 6; i++ {
		defer func() { fmt.Println("closure sees i =", i) }()
		i++
	}
}
