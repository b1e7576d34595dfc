// Calling a nil func value, recovered.
package main

import "fmt"

var handlers = map[string]func() string{
	"a": func() string { return "handled a" },
}

func dispatch(key string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("no handler for ", key, ": ", r)
		}
	}()
	h := handlers[key]
	return h()
}

func main() {
	fmt.Println(dispatch("a"))
	fmt.Println(dispatch("b"))
}
