package main

import "fmt"

func report(msg string) {
	fmt.Println("recovered:", msg)
}

func main() {
	defer func() {
		code := 3
		report(code)
	}()
	panic("boom")
}
