// panic(nil): with go 1.20 in go.mod recover returns nil (and a check
// "r != nil" thinks nothing happened); with go 1.21 it returns a
// *runtime.PanicNilError.
package main

import "fmt"

func f() (status string) {
	status = "no panic detected"
	defer func() {
		r := recover()
		if r != nil {
			status = fmt.Sprintf("recovered %T: %v", r, r)
		}
	}()
	panic(nil)
}

func main() {
	fmt.Println(f())
}
