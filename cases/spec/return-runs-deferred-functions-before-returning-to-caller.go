// Any functions deferred by F are executed before F returns to its caller.
package main

import "fmt"

func F() string {
	defer fmt.Println("F's deferred function")
	fmt.Println("F returns")
	return "value"
}

func main() {
	v := F()
	fmt.Println("caller resumes with", v)
}
