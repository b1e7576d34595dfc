// os.Exit while panicking: no panic report, exit status from os.Exit.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("oldest deferred call (not printed)")
	defer func() {
		fmt.Println("deferred: calling os.Exit(4)")
		os.Exit(4)
	}()
	defer fmt.Println("newest deferred call runs")
	panic("never reported")
}
