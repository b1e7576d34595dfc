// lock(l)
// defer unlock(l)  // unlocking happens before surrounding function returns
package main

import "fmt"

type Lock struct{ held bool }

func lock(l *Lock) {
	l.held = true
	fmt.Println("locked")
}

func unlock(l *Lock) {
	l.held = false
	fmt.Println("unlocked")
}

func critical(l *Lock, early bool) string {
	lock(l)
	defer unlock(l) // unlocking happens before surrounding function returns
	if early {
		return "early"
	}
	fmt.Println("working, held =", l.held)
	return "late"
}

func main() {
	l := &Lock{}
	r := critical(l, true)
	fmt.Println(r, "held =", l.held)
	r = critical(l, false)
	fmt.Println(r, "held =", l.held)
}
