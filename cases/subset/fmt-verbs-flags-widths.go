package main

import "fmt"

func main() {
	ints := []int{0, 7, -7, 255, -255, 1 << 40}
	for _, f := range []string{"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d", "%.3d", "%8.3d", "%08.3d", "%.0d", "%x", "%X", "%#x", "%#X", "%#o", "%o", "%O", "%b", "%#b", "%08x", "%#08x", "%-#8x|", "%+x", "% x", "%c", "%q", "%#q", "%+q", "%U", "%#U", "%v", "%#d", "%5.0d|"} {
		for _, n := range ints {
			fmt.Printf(f+" ", n)
		}
		fmt.Println()
	}
	fmt.Printf("%c %q %U %#U %+q %q\n", 'é', 'é', 'é', 'é', 'é', '\n')
	floats := []float64{0, 1, -1, 1.5, 123456, 1234567, 1e21, 1e-7, 0.000123456, 3.14159265358979, -0.0}
	for _, f := range []string{"%v", "%g", "%G", "%e", "%E", "%f", "%F", "%.2f", "%.0f", "%.3e", "%.3g", "%.10g", "%8.2f|", "%-8.2f|", "%08.2f", "%+.2f", "% .2f", "%+08.2f", "%#g", "%#.3g", "%#e", "%#f", "%#.0f", "%x", "%b", "%.0e", "%5g|", "%.1g"} {
		for _, x := range floats {
			fmt.Printf(f+" ", x)
		}
		fmt.Println()
	}
	inf, nan := 1.0, 0.0
	inf /= nan
	nan = nan / nan
	fmt.Printf("%v %f %08.2f %+v %+f % f %05v %e\n", inf, inf, inf, inf, -inf, inf, nan, nan)
	fmt.Printf("%v %+v % v %08v %+08v\n", nan, nan, nan, nan, nan)
	strs := []string{"", "ab", "héllo", "a\tb\"c", "\x00\x7f", "`x`", "日本語"}
	for _, f := range []string{"%s", "%5s|", "%-5s|", "%05s", "%.2s", "%q", "%#q", "%+q", "%x", "%X", "% x", "%#x", "%# x", "%.1x", "%v", "%8q|", "%.3q", "%010q"} {
		for _, s := range strs {
			fmt.Printf(f+" ", s)
		}
		fmt.Println()
	}
	fmt.Printf("%q %+q %#q %x % X %.1q\n", "\xff\x00é", "\xff\x00é", "\xff\x00é", "\xff\x00é", "\xff\x00é", "\xffé")
	fmt.Printf("%t %v %5t| %q %d %s\n", true, false, true, true, true, true)
	fmt.Printf("%d %s %x\n", "s", 5, 1.5)
	fmt.Printf("%5v|%-5v|%05v\n", []int{1, 2}, []string{"a"}, []int{3})
	fmt.Printf("%x %X % x %#x\n", []byte("hi"), []byte("hi"), []byte("hi"), []byte("hi"))
	fmt.Printf("%v %d %s\n", struct{ A, B int }{1, 2}, []int{1, 2}, []string{"x", "y"})
	fmt.Printf("%6.2v|%.2v|%10.4v|\n", 3.14159, "hello", 12345.678)
	fmt.Printf("%!\n")
	fmt.Printf("%z %d\n", 1)
}
