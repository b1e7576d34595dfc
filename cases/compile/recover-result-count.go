package main

import "fmt"

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b
}

func cleanup(name string, code int) {
	fmt.Println("cleanup", name, code)
}

func main() {
	defer cleanup("main")
	fmt.Println(safeDiv(1, 0))
}
