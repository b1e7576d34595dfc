// Two nil-map writes panic in a chain: the runtime's panic value is one constant error, so
// newer crash printers fold the second panic into the first as a repanic.
package main

func fv() {
	var m map[string]int
	m["k"] = 1
}

func main() {
	defer fv()
	defer fv()
	panic("first")
}
