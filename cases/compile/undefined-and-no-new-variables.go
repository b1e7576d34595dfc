package main

func main() {
	defer func() {
		r := recover()
		r := 2
		_ = r
	}()
	defer report(err)
	panic("boom")
}
