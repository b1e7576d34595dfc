// The protect function in the example below invokes the function argument g
// and protects callers from run-time panics caused by g.
//
//	func protect(g func()) {
//		defer func() {
//			log.Println("done")  // Println executes normally even if there is a panic
//			if x := recover(); x != nil {
//				log.Printf("run time panic: %v", x)
//			}
//		}()
//		log.Println("start")
//		g()
//	}
//
// Adapted: log is replaced by fmt (log prints timestamps to stderr).
package main

import "fmt"

func protect(g func()) {
	defer func() {
		fmt.Println("done") // Println executes normally even if there is a panic
		if x := recover(); x != nil {
			fmt.Printf("run time panic: %v\n", x)
		}
	}()
	fmt.Println("start")
	g()
}

func main() {
	var m map[string]int
	protect(func() { fmt.Println("g behaves") })
	protect(func() { m["x"] = 1 })
	fmt.Println("callers carry on")
}
