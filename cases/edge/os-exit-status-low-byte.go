// The exit status of os.Exit(n) is the low byte of n, as the operating system keeps it.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("never printed")
	fmt.Println("exiting with 257")
	os.Exit(257)
}
