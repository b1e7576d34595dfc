// Receiver binding for value and pointer receivers.
package main

import "fmt"

type Logger struct{ prefix string }

func (l Logger) Log() { fmt.Println("value receiver:", l.prefix) }

func (l *Logger) LogPtr() { fmt.Println("pointer receiver:", l.prefix) }

func main() {
	a := &Logger{"first"}
	defer a.LogPtr()
	defer a.Log()
	a.prefix = "first, modified"
	a = &Logger{"second"}
	fmt.Println("now a.prefix =", a.prefix)
}
