package main

func main() {
	m := map[string]int{"a": 1, "b": 2, "a": 3}
	x := 1
	switch x {
	case 1:
		defer println("one")
		if true {
			fallthrough
		}
	case 2:
	}
	_ = m
}
