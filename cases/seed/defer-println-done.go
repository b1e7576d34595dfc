// Blog post, section 4.2: example() prints "done".
package main

import "fmt"

func example() {
	defer fmt.Println("done") // "moved to heap" → Go 1.13;"stack object" → Go 1.14+
}

func main() {
	example()
}
