// outer, recovered and replaced by inner, recovered and replaced by the saved
// outer value (the runtime's RepanickedPanicSandwich test program).
package main

func main() {
	var outer any
	defer func() {
		recover()
		panic(outer)
	}()
	func() {
		defer func() {
			outer = recover()
			panic("inner")
		}()
		panic("outer")
	}()
}
