package main

func f(a int, a int) {}

func main() {
	x, x := 1, 2
	defer println(x)
}
