// Blog post, section 2.4: riskyGoroutine() recovers "goroutine panic".
// Adapted: called directly from main (no go statement in the post's code either).
package main

import "fmt"

func riskyGoroutine() {
	defer fmt.Println("defer executed") // 在 panic 后仍执行
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("recovered: %v\n", r) // 拦截 panic
		}
	}()
	panic("goroutine panic")
}

func main() {
	riskyGoroutine()
	fmt.Println("main: returned normally")
}
