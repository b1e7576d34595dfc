package main

import "fmt"

func count() int {
	defer fmt.Println("counted")
	return 3
}

func label(n int) string {
	var s string = n
	if n > 1 {
		return count()
	}
	var ok bool = "yes"
	s = 1
	return s
}

func main() {
	fmt.Println(label(2))
}
