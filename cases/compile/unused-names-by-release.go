package main

import (
	"os"
	f "fmt"
)

func main() {
	x := 1
	var i any = 1
	switch v := i.(type) {
	}
}
