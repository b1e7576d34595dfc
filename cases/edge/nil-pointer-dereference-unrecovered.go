// Nil pointer dereference, not recovered.
package main

import "fmt"

type Config struct{ Name string }

func name(c *Config) string {
	return c.Name
}

func main() {
	defer fmt.Println("deferred call runs")
	fmt.Println(name(&Config{Name: "ok"}))
	fmt.Println(name(nil))
}
