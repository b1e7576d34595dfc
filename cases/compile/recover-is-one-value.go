package main

import "fmt"

func main() {
	defer func() {
		r, ok := recover()
		fmt.Println(r, ok)
	}()
	panic("boom")
}
