package main

func f() error {
	defer func() { recover() }()
	return nil, nil
}

func main() {
	defer println("done", 1, 2)
	f()
	g(1, "a", 3)
}

func g(n int, s string) {}
