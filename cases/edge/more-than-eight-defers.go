// gc open-codes at most 8 defers per function; beyond that another path is used.
// The behaviour must be the same.
package main

import "fmt"

func many(fail bool) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out += fmt.Sprint(" recovered:", r)
		}
	}()
	defer func() { out += "1" }()
	defer func() { out += "2" }()
	defer func() { out += "3" }()
	defer func() { out += "4" }()
	defer func() { out += "5" }()
	defer func() { out += "6" }()
	defer func() { out += "7" }()
	defer func() { out += "8" }()
	defer func() { out += "9" }()
	defer func() { out += "A" }()
	if fail {
		panic("boom")
	}
	return "ret:"
}

func main() {
	fmt.Println(many(false))
	fmt.Println(many(true))
}
