package main

import (
	"bytes"
	"fmt"
	"runtime"
)

func main() {
	b := make([]byte, 3)
	n := copy(b, "hello") // copies as many bytes as fit
	fmt.Println(n, string(b), runtime.GOOS, runtime.GOARCH, runtime.Compiler)
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	x, y := []byte("seafood"), []byte("foo")
	fmt.Println(bytes.Contains(x, y), bytes.Index(x, y), bytes.Count(x, []byte("o")), bytes.Count(x, nil))
	fmt.Println(bytes.Equal(nil, []byte{}), bytes.Compare(x, y), bytes.IndexByte(x, 'd'), bytes.HasPrefix(x, []byte("sea")), bytes.HasSuffix(x, y))
	fmt.Println(b[n]) // index out of range [3] with length 3
}
