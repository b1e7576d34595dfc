package main

func main() {
	defer func() {
		r := recover()
		msg := "boom"
		if r == msg || len(msg) == msg {
			println("recovered")
		}
	}()
	panic("boom")
}
