// Named float as panic value, recovered once and replaced by another.
package main

import "fmt"

type Temp float64

func main() {
	defer func() {
		r := recover()
		fmt.Printf("recovered %v %T\n", r, r)
		panic(Temp(-40))
	}()
	panic(Temp(0.1))
}
