// Recover, report, exit 1.
package main

import (
	"fmt"
	"os"
)

func run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("run: %v", r)
		}
	}()
	panic("bad state")
}

func main() {
	defer fmt.Println("main deferred (not printed)")
	if err := run(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
