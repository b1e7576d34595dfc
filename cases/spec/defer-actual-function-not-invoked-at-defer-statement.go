// Each time a "defer" statement executes, the function value and parameters to
// the call are evaluated as usual and saved anew but the actual function is not
// invoked.
package main

import "fmt"

func work() {
	fmt.Println("1 before defer")
	defer func() {
		fmt.Println("4 deferred body")
	}()
	fmt.Println("2 after defer")
	fmt.Println("3 end of body")
}

func main() {
	work()
	fmt.Println("5 caller continues")
}
