// Slice index out of range (read, write, negative), recovered.
package main

import "fmt"

func try(name string, f func()) {
	defer func() {
		fmt.Println(name, "->", recover())
	}()
	f()
}

func main() {
	xs := make([]int, 3, 10)
	i := 3
	j := -1
	try("read", func() { fmt.Println(xs[i]) })
	try("write", func() { xs[i+5] = 1 })
	try("negative", func() { fmt.Println(xs[j]) })
	try("empty", func() { fmt.Println([]string{}[0]) })
}
