// recover only works when called directly by the deferred function.
package main

import "fmt"

func tryRecover() any {
	return recover()
}

func main() {
	defer func() {
		r := tryRecover()
		fmt.Println("helper got:", r)
	}()
	panic("not caught by a helper")
}
