package main

func main() {
	seen := map[int]bool{1: true}
	defer delete(seen, "1")
}
