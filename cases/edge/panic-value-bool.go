// bool as panic value.
package main

import "fmt"

func main() {
	ok := 1 > 2
	fmt.Println("ok =", ok)
	panic(ok)
}
