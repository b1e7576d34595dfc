// The crash report lists the recovered panic and the new one.
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r)
		panic(fmt.Sprint("new panic after ", r))
	}()
	panic("first")
}
