package main

import "fmt"

type F float32
type C complex64

func main() {
	var f float32 = 0.1
	var d float64 = 0.1
	g := f * 3
	fmt.Println(f, d, g, float64(f), f+f, f/3, -f)
	println(f, d, g)
	c := complex(1.5, -2)
	var c64 complex64 = complex(0.1, 0.2)
	fmt.Println(c, c64, real(c), imag(c64), c*c, c/c64x(c64), c == c, c != 0)
	println(c, c64)
	fmt.Printf("%v %.2f %8.3v %+v %x %b %e\n", c, c, c, c, c, c, c)
	fmt.Printf("%v %g %e %x %b %.3f\n", f, f, f, f, f, f)
	const k = 1 + 2i
	fmt.Println(k, k*k, real(k), imag(k*k), k/2i)
	var i interface{} = F(2.5)
	fmt.Println(i, C(3+4i))
	fmt.Printf("%T %T %T %T\n", f, c, c64, k)
	m := map[float32]int{1.5: 1, 0.25: 2}
	fmt.Println(m, len(m))
	z := 0.0
	fmt.Println(c/complex(z, 0), complex(1/z, 1)/2)
	var big int64 = 1<<62 + 1
	fmt.Println(float32(big), float32(uint64(1<<63+1)), int(float32(f*79)))
	defer func() {
		r := recover()
		fmt.Println("recovered:", r)
		panic(C(1 - 2i))
	}()
	panic(F(1.5))
}

func c64x(c complex64) complex128 { return complex128(c) }
