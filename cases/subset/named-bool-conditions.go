package main

import "fmt"

type Flag bool

type Celsius float64

func (f Flag) String() string {
	if f {
		return "on"
	}
	return "off"
}

func check(limit Celsius, readings ...Celsius) (hot Flag) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			hot = true
		}
	}()
	for _, r := range readings {
		// A comparison is an untyped boolean: any boolean type takes it.
		hot = hot || r > limit
		if r < 0 {
			panic(fmt.Sprint("negative reading ", float64(r)))
		}
	}
	return hot
}

func shadow() {
	true := false
	fmt.Println(true)
}

func main() {
	shadow()
	if f := check(30, 12.5, 31); f {
		fmt.Println("hot:", f)
	}
	switch {
	case bool(check(30, 1, -2)):
		fmt.Println("recovered as hot")
	}
	var t Flag = 1 < 2 && !false
	fmt.Println(t, Flag(false))
}
