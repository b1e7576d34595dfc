package main

import "fmt"

func main() {
	var lines []string
	codes := []int{1, 2}
	lines = append(lines, "a", codes[0])
	fmt.Println(lines, codes)
}
