package main

import "fmt"

func main() {
	var total int
	var extra int64 = 2
	defer fmt.Println("total", total + extra)
}
