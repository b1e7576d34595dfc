package main

func sum(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

func main() {
	words := []string{"a", "b"}
	defer println(sum(words...))
}
