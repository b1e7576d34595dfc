// The new string has the same text but is a different allocation.
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		s := r.(string)
		again := fmt.Sprint(s[:1], "oom")
		fmt.Println("recovered", s, "re-panicking with", again)
		panic(again)
	}()
	panic("boom")
}
