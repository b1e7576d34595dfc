// Prints the arguments after the program name (the binary path is not printed).
package main

import (
	"fmt"
	"os"
)

func main() {
	defer func() {
		fmt.Println("deferred sees", len(os.Args)-1, "arguments")
	}()
	for i, a := range os.Args[1:] {
		fmt.Printf("arg %d: %q\n", i+1, a)
	}
}
