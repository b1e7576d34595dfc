// Assignment to entry in nil map, recovered.
package main

import "fmt"

func set(m map[string]int, k string, v int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("set %q: %v", k, r)
		}
	}()
	m[k] = v
	return nil
}

func main() {
	var m map[string]int
	fmt.Println("reading a nil map:", m["x"], len(m))
	fmt.Println(set(m, "x", 1))
	m = map[string]int{}
	fmt.Println(set(m, "x", 1), m["x"])
}
