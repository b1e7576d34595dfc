package main

func main() {
	defer func() {
		switch r := recover(); r {
		case "boom":
			println("recovered boom")
		case "boom":
			println("never")
		}
	}()
	var i any = 1
	switch i.(type) {
	case int:
	case []int, int:
	}
	panic("boom")
}
