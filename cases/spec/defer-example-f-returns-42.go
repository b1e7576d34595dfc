// From the specification's examples:
//
//	// f returns 42
//	func f() (result int) {
//		defer func() {
//			// result is accessed after it was set to 6 by the return statement
//			result *= 7
//		}()
//		return 6
//	}
package main

import "fmt"

// f returns 42
func f() (result int) {
	defer func() {
		// result is accessed after it was set to 6 by the return statement
		result *= 7
	}()
	return 6
}

func main() {
	fmt.Println(f())
}
