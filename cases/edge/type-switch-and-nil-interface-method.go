// Type switch forms, then a method call on a nil interface, recovered.
package main

import "fmt"

type Shape interface {
	Area() int
}

type Sq struct{ s int }

func (q Sq) Area() int { return q.s * q.s }

type Named int

func (n Named) String() string { return fmt.Sprintf("N%d", int(n)) }

func classify(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprint("int-ish ", x)
	case Shape:
		return fmt.Sprint("shape ", x.Area())
	case fmt.Stringer:
		return "stringer " + x.String()
	case error:
		return "error " + x.Error()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	fmt.Println(classify(nil), classify(3), classify(int64(4)), classify(Sq{3}), classify(Named(5)), classify("s"))
	var fs []func()
	for i := 0; i < 3; i++ {
		fs = append(fs, func() { fmt.Print(i, " ") })
	}
	for _, f := range fs {
		f()
	}
	fmt.Println()
	m := map[string][]int{"b": {2}, "a": {1, 1}}
	fmt.Println(m, len(m))
	v, ok := m["c"]
	fmt.Println(v, ok, v == nil)
	type P struct {
		X, Y int
		N    Named
	}
	p := P{1, 2, 3}
	fmt.Printf("%v %+v\n", p, p)
	pp := &p
	pp.X = 10
	fmt.Println(p.X, *pp)
	a := []P{{1, 2, 3}}
	a[0].Y = 7
	fmt.Println(a)
	var sh Shape
	defer func() {
		r := recover()
		fmt.Println("recovered:", r)
		err, isErr := r.(error)
		fmt.Println(isErr, err)
	}()
	fmt.Println(sh.Area())
}
