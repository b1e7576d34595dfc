// Slice bounds out of range, several forms, recovered.
package main

import "fmt"

func try(name string, f func()) {
	defer func() {
		fmt.Println(name, "->", recover())
	}()
	f()
	fmt.Println(name, "ok")
}

func main() {
	xs := make([]int, 2, 4)
	s := "hello"
	lo, hi := 3, 5
	try("within capacity", func() { fmt.Println(len(xs[:4])) })
	try("beyond capacity", func() { fmt.Println(xs[:hi]) })
	try("low > high", func() { fmt.Println(xs[lo:2]) })
	try("string beyond length", func() { fmt.Println(s[lo : hi+1]) })
	try("string low > high", func() { fmt.Println(s[hi:lo]) })
}
