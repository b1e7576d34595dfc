// os.Exit does not run deferred calls.
package main

import (
	"fmt"
	"os"
)

func finish(code int) {
	defer fmt.Println("finish: deferred (not printed)")
	fmt.Println("exiting with", code)
	os.Exit(code)
}

func main() {
	defer fmt.Println("main: deferred (not printed)")
	finish(3)
	fmt.Println("not printed")
}
