// fmt recovers panics of the String and Error methods it calls.
package main

import (
	"errors"
	"fmt"
)

type Panicky struct{}

func (Panicky) String() string { panic("boom in String") }

type NilPS struct{ n int }

func (p *NilPS) String() string { return fmt.Sprint("n=", p.n) }

type E struct{}

func (E) Error() string { panic(errors.New("err in Error")) }

func main() {
	fmt.Println(Panicky{}, "after")
	fmt.Printf("%s|%d\n", Panicky{}, 3)
	var p *NilPS
	fmt.Println(p, &NilPS{4})
	fmt.Printf("[%6v]\n", p)
	fmt.Println(E{})
	defer fmt.Println("deferred", Panicky{})
	func() {
		defer func() { fmt.Println("r:", recover()) }()
		fmt.Println(Panicky{})
	}()
}
