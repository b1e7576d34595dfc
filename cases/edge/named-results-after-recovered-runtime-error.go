// Results set by a deferred closure after a recovered run-time error, and more.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

type MyErr struct{ code int }

func (e *MyErr) Error() string { return fmt.Sprintf("myerr %d", e.code) }

type Base struct{ name string }

func (b *Base) Hello() string { return "hello " + b.name }

type Derived struct {
	*Base
	n int
}

func named() (x int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			x = -1
		}
	}()
	x = 10
	var m map[string]int
	m["a"] = 1
	return x, nil
}

func unnamed() int {
	defer func() { recover() }()
	panic("x")
}

func goexitInDefer() {
	defer fmt.Println("outer deferred")
	defer func() {
		fmt.Println("recover in goexit:", recover())
	}()
	runtime.Goexit()
}

func main() {
	fmt.Println(named())
	fmt.Println(unnamed())
	var e error = &MyErr{3}
	var target *MyErr
	fmt.Println(errors.Unwrap(fmt.Errorf("w: %w", e)) == e, target == nil)
	d := Derived{&Base{"b"}, 1}
	f := d.Hello
	fmt.Println(f(), d.Hello())
	s := []int{1, 2, 3}
	t := append(s[:1], 9)
	fmt.Println(s, t, len(t), cap(t))
	u := append(s, 4)
	u[0] = 100
	fmt.Println(s, u, cap(u))
	for i, r := range "héllo\xff" {
		fmt.Print(i, ":", r, " ")
	}
	fmt.Println()
	fmt.Printf("%q %v %x %T\n", "héllo\n", []string{"a", "b"}, "hi", e)
	var x uint8 = 200
	x += 100
	fmt.Println(x, int8(x), -7/2, -7%2, 1<<3)
	defer func() {
		fmt.Println("main deferred")
		os.Exit(3)
	}()
	goexitInDefer()
}
