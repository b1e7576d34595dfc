// A deferred call whose callee calls a helper that calls recover: recover is not called
// directly by the deferred function, so it returns nil and the panic goes on (spec, Handling
// panics). Some releases let it recover: golang/go#73916.
package main

func callRecover() {
	if recover() != nil {
		println("recovered")
	}
}

func F(int) { callRecover() }

func main() {
	defer F(1)
	panic("XXX")
}
