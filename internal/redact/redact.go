// Package redact masks personal data (user names, phone numbers, IP
// addresses, customer IDs) for logs, errors and fmt output, in every
// package of the SDK that must print a value without revealing it.
package redact

import (
	"fmt"
	"strings"
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

// Phone masks a phone (or card) number: it keeps the last 3 characters of a phone (or card) number.
func Phone(s string) string {
	if utf8.RuneCountInString(s) <= 3 {
		return strings.Repeat("*", utf8.RuneCountInString(s))
	}
	rs := []rune(s)
	return strings.Repeat("*", len(rs)-3) + string(rs[len(rs)-3:])
}

// Email masks an e-mail address: it keeps the first character and the domain of an address.
func Email(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return Personal(s)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***" + s[at:]
}

// Personal masks one piece of personal data: an e-mail address with
// Email, a phone or card number with Phone, anything else (a name,
// an address) down to its first character.
func Personal(s string) string {
	switch {
	case s == "":
		return ""
	case strings.IndexByte(s, '@') > 0 && !strings.ContainsAny(s, " \t"):
		return Email(s)
	case strings.Trim(s, "0123456789+-() ") == "":
		return Phone(s)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***"
}
