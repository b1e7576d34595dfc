// inner is recovered and replaced by middle; middle is recovered and re-panicked;
// it is recovered again and replaced by outer.
package main

func main() {
	defer func() {
		recover()
		panic("outer")
	}()
	func() {
		defer func() {
			panic(recover())
		}()
		func() {
			defer func() {
				recover()
				panic("middle")
			}()
			panic("inner")
		}()
	}()
}
