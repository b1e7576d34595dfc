// Goexit is not a return: the caller never resumes.
package main

import (
	"fmt"
	"runtime"
)

func quit() {
	defer fmt.Println("quit: deferred")
	runtime.Goexit()
}

func main() {
	defer fmt.Println("main: deferred")
	defer func() {
		fmt.Println("main: recover during Goexit:", recover())
	}()
	quit()
	fmt.Println("main: after quit (not printed)")
}
