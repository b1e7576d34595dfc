// Failed type assertion, not recovered.
package main

import "fmt"

func main() {
	var v any = 42
	defer fmt.Println("deferred call runs")
	s := v.(string)
	fmt.Println(s)
}
