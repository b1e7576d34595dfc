// A Goexit unwinding main runs deferred calls that panic twice; recovering the second panic
// does not cancel the Goexit on newer runtimes, which resume it and deadlock.
package main

import "runtime"

func main() {
	defer func() { println("r", recover() != nil) }()
	defer panic("b")
	defer panic("a")
	runtime.Goexit()
}
