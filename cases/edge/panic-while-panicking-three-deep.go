// Three nested panics, none recovered.
package main

import "fmt"

func main() {
	defer fmt.Println("still runs after three panics")
	defer func() { panic(3) }()
	defer func() { panic(fmt.Errorf("error number %d", 2)) }()
	panic("one")
}
