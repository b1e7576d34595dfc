// The panic is abandoned by Goexit; no "panic:" report follows.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer func() {
		fmt.Println("recover after Goexit:", recover())
	}()
	defer func() {
		fmt.Println("calling Goexit while panicking")
		runtime.Goexit()
	}()
	panic("abandoned")
}
