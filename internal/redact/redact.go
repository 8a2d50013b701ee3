// Package redact masks personal data (user names, phone numbers, IP
// addresses, customer IDs) for logs, errors and fmt output, in every
// package of the SDK that must print a value without revealing it.
package redact

import (
	"fmt"
	"unicode/utf8"
)

// keep is how many trailing characters Mask leaves visible, and minVisible
// how long a value must be for Mask to show them: enough to tell two values
// apart in a log, too few to identify anyone.
const (
	keep       = 3
	minVisible = 7
)

// Mask hides s: "***" followed by its last 3 characters if s has at least 7
// characters ("86000001" → "***001", "203.0.113.7" → "***3.7"), else "***"
// alone; "" stays "" (so an absent value still reads as absent). It never
// splits a UTF-8 character, and invalid UTF-8 is masked whole.
func Mask(s string) string {
	if s == "" {
		return ""
	}
	n := utf8.RuneCountInString(s)
	if n < minVisible || !utf8.ValidString(s) {
		return "***"
	}
	i := len(s)
	for k := 0; k < keep; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return "***" + s[i:]
}

// Format writes s, a value's redacted text (its String method), for every
// fmt verb, so that a type with personal data can implement fmt.Formatter
// with it and no verb (%v, %+v, %#v, %d, %x, …) reaches its fields: %q
// quotes s, %x and %X write it in hex, every other verb writes it as %s
// would, with the width and flags given.
func Format(f fmt.State, verb rune, s string) {
	switch verb {
	case 'q', 'x', 'X':
	default:
		verb = 's'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s)
}
