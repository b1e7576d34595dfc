package main

import "fmt"

func cleanup(code int) {
	fmt.Println("cleanup", code)
}

func main() {
	defer cleanup("done")
	panic("boom")
}
