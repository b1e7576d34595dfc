package main

import "fmt"

func search(rows [][]int, want int) (found string) {
	defer func() { found = "[" + found + "]" }()
outer:
	for i, row := range rows {
		for j, v := range row {
			switch {
			case v < 0:
				continue outer
			case v == want:
				found = fmt.Sprint(i, ",", j)
				break outer
			}
		}
	}
	return
}

func retry(n int) (tries int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("gave up:", r, "after", tries)
		}
	}()
again:
	tries++
	if tries < n {
		goto again
	}
	if n > 3 {
		panic(fmt.Sprint("too many: ", n))
	}
	return tries
}

func main() {
	rows := [][]int{{1, -1, 9}, {2, 9}, {9}}
	fmt.Println(search(rows, 9), search(rows, 7))
	fmt.Println(retry(2), retry(5))

	i := 0
loop:
	for {
		defer fmt.Println("deferred in loop", i)
		i++
		switch {
		case i == 3:
			break loop
		}
	}
	fmt.Println("left the loop at", i)
}
