// errors.New and fmt.Errorf values as panic values.
package main

import (
	"errors"
	"fmt"
)

func main() {
	base := errors.New("disk full")
	err := fmt.Errorf("saving file: %v", base)
	fmt.Println("panicking with:", err)
	panic(err)
}
