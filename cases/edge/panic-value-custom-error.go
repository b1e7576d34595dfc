// A struct type implementing error, panicked with and recovered once, then re-panicked
// with a pointer error type.
package main

import "fmt"

type NotFound struct{ Key string }

func (e NotFound) Error() string { return "not found: " + e.Key }

type Timeout struct{ Secs int }

func (e *Timeout) Error() string { return fmt.Sprintf("timeout after %ds", e.Secs) }

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %T: %v\n", r, r)
		panic(&Timeout{Secs: 3})
	}()
	panic(NotFound{Key: "user42"})
}
