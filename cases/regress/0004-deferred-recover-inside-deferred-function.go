// `defer recover()` inside a deferred function: recover runs when that function returns,
// as a deferred call of the frame the panic called directly.
package main

func main() {
	defer func() {
		defer recover()
	}()
	panic("boom")
}
