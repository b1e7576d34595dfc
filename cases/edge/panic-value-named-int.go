// Named basic types are printed as T(value) by the runtime.
package main

import "fmt"

type Code int

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %v of type %T\n", r, r)
		panic(Code(404))
	}()
	panic(Code(500))
}
