// Named string as panic value.
package main

type Name string

func main() {
	panic(Name("gopher"))
}
