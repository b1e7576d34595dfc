// print/println go to standard error; fmt goes to standard output.
package main

import "fmt"

func main() {
	x := 1
	s := "before"
	defer println("println:", x, s, true)
	defer print("print: ", x, " ", s, "\n")
	x = 2
	s = "after"
	fmt.Println("stdout:", x, s)
}
