// Recovered, the struct prints with fmt; unrecovered, the runtime prints "(main.T) 0x...".
package main

import "fmt"

type Point struct {
	X, Y int
}

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %v %+v %T\n", r, r, r)
		panic(Point{X: 3, Y: 4})
	}()
	panic(Point{X: 1, Y: 2})
}
