package main

func pair() (int, error) { return 1, nil }

func main() {
	var a, b, c = pair()
	x, y := 1, 2, 3
	println(a, b, c, x, y)
}
