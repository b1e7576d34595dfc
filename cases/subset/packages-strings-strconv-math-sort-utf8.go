package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func try(name string, f func()) {
	defer func() { fmt.Printf("%s: %v\n", name, recover()) }()
	f()
}

func main() {
	fmt.Println(strings.Contains("seafood", "foo"), strings.Index("chicken", "ken"), strings.LastIndex("go gopher", "go"))
	fmt.Printf("%q\n", strings.Split("a,b,,c", ","))
	fmt.Printf("%q\n", strings.Fields("  foo bar  baz   "))
	fmt.Println(strings.Repeat("ab", 3), strings.Replace("oink oink oink", "k", "ky", 2), strings.ReplaceAll("oink oink", "oink", "moo"))
	fmt.Println(strings.TrimSpace(" \t\n Hello, Gophers \n\t\r\n"), strings.Trim("¡¡¡Hello, Gophers!!!", "!¡"))
	fmt.Println(strings.ToUpper("Gopher"), strings.ToLower("Gopher"), strings.EqualFold("Go", "GO"), strings.Join([]string{"a", "b"}, "-"))
	fmt.Println(strings.HasPrefix("golang", "go"), strings.HasSuffix("golang", "ng"), strings.Count("cheese", "e"), strings.Count("five", ""))
	fmt.Println(strconv.Itoa(-42), strconv.FormatInt(-255, 16), strconv.Quote("héllo\n"), strconv.FormatFloat(3.14159, 'f', 2, 64), strconv.IntSize)
	fmt.Println(math.Sqrt(2), math.Floor(-1.5), math.Ceil(1.2), math.MaxInt64, math.MinInt64, uint64(math.MaxUint64), math.Pi)
	fmt.Println(math.IsNaN(math.NaN()), math.Inf(1), math.Inf(-1), math.Signbit(math.Copysign(0, -1)), math.Float64bits(1.0), math.Abs(-2.5))
	fmt.Println(math.Max(3, 7), math.Min(-0.0, 0), math.Mod(7, 3), math.Round(2.5), math.RoundToEven(2.5), math.Trunc(-2.7))
	xs := []int{5, 2, 8, 1}
	sort.Ints(xs)
	ss := []string{"pear", "apple", "fig"}
	sort.Strings(ss)
	fs := []float64{2.5, math.NaN(), -1, 0}
	sort.Float64s(fs)
	fmt.Println(xs, ss, fs, sort.IntsAreSorted(xs))
	r, n := utf8.DecodeRuneInString("héllo"[1:])
	fmt.Println(utf8.RuneCountInString("héllo"), string(r), n, utf8.RuneLen('世'), utf8.ValidString("a\xffb"), utf8.RuneError)
	try("repeat", func() { strings.Repeat("x", -1) })
	fmt.Println(math.MaxInt8, math.SmallestNonzeroFloat64, math.MaxFloat64)
}
