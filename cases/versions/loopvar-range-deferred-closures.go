// Range loop variables and deferred closures.
package main

import "fmt"

func main() {
	names := []string{"ann", "bob", "cid"}
	for i, name := range names {
		defer func() { fmt.Println("closure sees", i, name) }()
	}
	fmt.Println("loop done")
}
