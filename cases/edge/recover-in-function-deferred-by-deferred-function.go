// D runs because of the panic; E is deferred by D and runs when D returns.
// recover in E does not stop the panic that D was run for.
package main

import "fmt"

func main() {
	defer func() { // D
		defer func() { // E
			fmt.Println("E recover:", recover())
		}()
		fmt.Println("D running")
	}()
	panic("outer panic")
}
