// A multi-line string panic, recovered and replaced by a multi-line error.
package main

import "errors"

func main() {
	defer func() {
		recover()
		panic(errors.New("e1\ne2"))
	}()
	panic("a\nb")
}
