// Named results survive a recovered panic and can be set by the deferred function.
package main

import "fmt"

func parse(s string) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parse %q: %v", s, r)
		}
	}()
	for _, c := range s {
		if c < '0' || c > '9' {
			panic("bad digit")
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func main() {
	fmt.Println(parse("123"))
	fmt.Println(parse("12x"))
}
