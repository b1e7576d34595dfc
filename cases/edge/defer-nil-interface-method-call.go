// The function value of a deferred interface method call is evaluated at the
// defer statement, so a nil interface panics right there.
package main

import "fmt"

type Closer interface{ Close() }

func use(c Closer) {
	defer fmt.Println("use: earlier deferred call runs")
	fmt.Println("use: before defer c.Close()")
	defer c.Close()
	fmt.Println("use: after defer c.Close() (not printed)")
}

func main() {
	defer func() {
		fmt.Println("main recovered:", recover())
	}()
	use(nil)
}
