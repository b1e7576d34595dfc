package main

import (
	"fmt"
	"math"
)

type F32 float32

func (f F32) String() string { return fmt.Sprintf("F32<%g>", float32(f)) }

func main() {
	var f float32 = 1
	f++
	c := complex64(2 + 3i)
	c++
	c *= c
	fmt.Println(f, c, -c, c == complex(5, 0))
	m := map[complex128]string{1i: "i", 1: "one"}
	m[complex(0, 1)] += "!"
	fmt.Println(m, len(m))
	var z float32
	fmt.Println(f/z, -f/z, z/z == z/z, math.Signbit(float64(-z)), float64(float32(1)/3))
	switch g := F32(2.5); g {
	case 2.5:
		fmt.Println("match", g)
	}
	var i any = float32(0.5)
	switch v := i.(type) {
	case float64:
		fmt.Println("f64", v)
	case float32:
		fmt.Println("f32", v*v, fmt.Sprintf("%T %v %6.2f|%-8g|%08.3f", v, v, v, v, v))
	}
	c128 := complex128(c) / complex(0, 0)
	fmt.Println(c128, real(c128), imag(complex64(c128)))
	x := 16777217
	fmt.Println(float32(x), float32(int64(x)+1), uint32(float32(4e9)), int8(float32(x)/-3e6))
	const big = 1 << 100
	fmt.Println(float32(big), complex64(big), big/3.0)
	fmt.Printf("%v %.3e %x %b\n", float32(math.Pi), float32(math.Pi), float32(math.Pi), float32(-0.0))
	print(float32(1e-40), " ", complex64(1e-40), "\n")
	var arr [3]complex64
	arr[1] = 1 - 1i
	fmt.Println(arr, arr == [3]complex64{0, 1 - 1i, 0})
	defer func() { println(recover().(F32)) }()
	panic(F32(0.25))
}
