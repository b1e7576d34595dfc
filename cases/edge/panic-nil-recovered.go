// panic(nil) built with each toolchain's own language version.
package main

import "fmt"

func f() (status string) {
	status = "returned normally"
	defer func() {
		r := recover()
		if r != nil {
			status = fmt.Sprintf("recovered %T: %v", r, r)
			return
		}
		fmt.Println("recover returned nil")
	}()
	panic(nil)
}

func main() {
	fmt.Println(f())
}
