// panic(Error("cannot parse"))
package main

import "fmt"

type Error string

func (e Error) Error() string { return string(e) }

func main() {
	defer fmt.Println("deferred print")
	panic(Error("cannot parse"))
}
