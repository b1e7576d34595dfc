// Found by `gosem fuzz` (seed 94578, default generator configuration) on go1.27.3, then
// minimized. Six panics of -1, each recovered by the next deferred call: gc built as is prints
// one line "panic: -1 [recovered, repanicked]", built with -gcflags=all=-l the whole chain, as
// the model does. Inlined, the argument of panic is the constant -1, whose interface data is
// read-only and shared, so the runtime takes every panic for a re-panic of the previous value.
package main

func main() {
	for i26 := 0; i26 < 6; i26++ {
		defer func() {
			_ = recover()
			defer func(a29 int) {
				panic(a29)
			}(-1)
		}()
	}
}
