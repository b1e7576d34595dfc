// Per-item recovery.
package main

import "fmt"

func process(n int) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprint("item ", n, " failed: ", r)
		}
	}()
	if n%3 == 0 {
		panic(fmt.Sprintf("%d is divisible by 3", n))
	}
	return fmt.Sprint("item ", n, " ok")
}

func main() {
	for _, n := range []int{1, 3, 4, 6} {
		fmt.Println(process(n))
	}
}
