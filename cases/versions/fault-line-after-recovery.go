// A nil dereference is recovered while an older panic still unwinds, and a third panic
// crashes the program: the crash header ends with the fault line of the recovered fault.
// Before Go 1.22 its code and addr are the recovery's stack pointer and program counter.
package main

import "fmt"

func main() {
	defer func() { panic("second") }()
	defer func() {
		defer func() { fmt.Println(recover()) }()
		var p *int
		_ = *p
	}()
	panic("first")
}
