// range over a string with a multi-byte rune.
package main

import "fmt"

func main() {
	for i, r := range "aé!" {
		defer fmt.Printf("offset %d rune %q\n", i, r)
	}
	fmt.Println("len in bytes:", len("aé!"))
}
