// Package jsonkey spells JSON field names the two ways MultiMarkets sends
// them to wallet and msgchannel handlers: the documented camelCase and the
// snake_case some requests use instead.
package jsonkey

import "strings"

// Snake returns the snake_case spelling of a camelCase key: every ASCII
// upper-case letter becomes "_" and its lower-case form ("amountDigits" →
// "amount_digits"). Other characters are kept as they are.
func Snake(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
