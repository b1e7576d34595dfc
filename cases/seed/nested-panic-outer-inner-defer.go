// Blog post, section 2.3: nested() prints "inner defer", "outer defer", then panics
// with "deep"; "unreachable" is never deferred.
package main

import "fmt"

func nested() {
	defer fmt.Println("outer defer")
	func() {
		defer fmt.Println("inner defer") // ✅ 执行
		panic("deep")
	}()
	defer fmt.Println("unreachable") // ❌ 不注册(panic 已发生)
}

func main() {
	nested()
}
