// Method on a nil pointer, not recovered.
package main

import "fmt"

type Account struct{ Balance int }

func (a *Account) Deposit(n int) {
	a.Balance += n
}

func main() {
	var acct *Account
	defer fmt.Println("deferred call runs")
	acct.Deposit(10)
	fmt.Println("not printed")
}
