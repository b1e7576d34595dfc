// String index out of range, recovered.
package main

import "fmt"

func byteAt(s string, i int) (b byte, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	return s[i], true
}

func main() {
	fmt.Println(byteAt("héllo", 1))
	fmt.Println(byteAt("héllo", 6))
}
