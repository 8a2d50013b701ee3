package multimarkets

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// FlexString is a string field that the server sends sometimes as a JSON
// string and sometimes as a number (customer numbers, record IDs in the REST
// answers and in data push). It decodes from both, keeping a number's exact
// text so that large identifiers never lose precision; null decodes to "".
// It encodes as a JSON string.
type FlexString string

// UnmarshalJSON accepts a string, a number or null.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	if v, ok := jsonscan.PlainString(b); ok {
		*s = FlexString(v)
		return nil
	}
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if len(b) > maxNumberText {
			return errNumberTooLong(len(b))
		}
		if !json.Valid(b) {
			return fmt.Errorf("multimarkets: invalid number %q", b)
		}
		*s = FlexString(b)
	default:
		return fmt.Errorf("multimarkets: want a string or number, got %.20q", b)
	}
	return nil
}

// String returns the value.
func (s FlexString) String() string { return string(s) }

// Int64 parses the value as a base-10 integer (for identifiers the server
// sends as strings or numbers); it fails for empty or non-numeric values.
func (s FlexString) Int64() (int64, error) { return strconv.ParseInt(string(s), 10, 64) }

// FlexInt64 is an integer field that the server sends sometimes as a number
// and sometimes as a numeric string ("50", "", null → 0). It encodes as a
// JSON number.
type FlexInt64 int64

// UnmarshalJSON accepts 12, "12", "" and null.
func (n *FlexInt64) UnmarshalJSON(b []byte) error {
	v, err := decodeFlexInt(b)
	*n = FlexInt64(v)
	return err
}

// maxNumberText bounds the text of a number FlexString, FlexInt64,
// MilliTime and the envelope decode: identifiers and integers have at most
// 20 digits, and a longer text (a hostile number of millions of digits) is
// refused before it is parsed.
const maxNumberText = 64

func errNumberTooLong(n int) error {
	return fmt.Errorf("multimarkets: number of %d characters refused: at most %d", n, maxNumberText)
}

func decodeFlexInt(b []byte) (int64, error) {
	if v, ok := plainInt(b); ok {
		return v, nil
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return 0, nil
	}
	if len(b) > maxNumberText+2 { // a number, or one in quotes
		return 0, errNumberTooLong(len(b))
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Integral values written as 12.0 or 1.2E1 by a Java encoder.
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == float64(int64(f)) {
			return int64(f), nil
		}
		return 0, fmt.Errorf("multimarkets: want an integer, got %.20q", s)
	}
	return v, nil
}

// TradeTypeCurrency pairs a trading mode with the currency of the account to
// open for it, as in registration's tradeTypeCurrencyList
// ({"allCurrency":"USDT","tradeType":"1"}).
type TradeTypeCurrency struct {
	TradeType TradeType // trading mode of the account to open (sent as a string)
	Currency  string    // currency of that account (wire allCurrency), e.g. "USDT"
}

// MarshalJSON writes the vendor's wire form, with tradeType as a string as
// in the registration example.
func (t TradeTypeCurrency) MarshalJSON() ([]byte, error) { return json.Marshal(t.wire()) }

func (t TradeTypeCurrency) wire() tradeTypeCurrencyWire {
	return tradeTypeCurrencyWire{AllCurrency: t.Currency, TradeType: strconv.Itoa(int(t.TradeType))}
}

// UnmarshalJSON reads the wire form, tradeType as a string or a number.
func (t *TradeTypeCurrency) UnmarshalJSON(b []byte) error {
	var w struct {
		AllCurrency string    `json:"allCurrency"`
		TradeType   TradeType `json:"tradeType"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = TradeTypeCurrency{TradeType: w.TradeType, Currency: w.AllCurrency}
	return nil
}

// Password is a customer's login password. The API wants its lowercase hex
// MD5; make a Password with PlainPassword (the SDK hashes it) or with
// HashedPassword (already an MD5), so a password is never hashed twice. It
// never prints: every fmt verb, String, GoString, LogValue and MarshalText
// all give "[REDACTED]". The hash sits behind a pointer, so that even a
// Password in an unexported field of the caller's own struct (where fmt
// cannot call its methods) prints as an address, under every verb.
type Password struct {
	h *passwordHash
}

type passwordHash struct {
	// md5hex returns the lowercase hex MD5. A function, because fmt prints
	// a function as an address even where it prints a struct's fields
	// without calling any method (bad verbs on unexported fields).
	md5hex func() string
	err    string // why the value is not usable, for validation
}

// hidden wraps s in a function, which fmt can only print as an address.
func hidden(s string) func() string { return func() string { return s } }

// PlainPassword makes a Password from the clear text the customer chose; the
// SDK sends its MD5 and forgets the clear text.
func PlainPassword(clear string) Password {
	if clear == "" {
		return Password{&passwordHash{err: "must not be empty"}}
	}
	return Password{&passwordHash{md5hex: hidden(MD5Hex(clear))}}
}

// HashedPassword makes a Password from an MD5 the caller already computed
// (32 hex digits, either case); it is sent as is, in lower case.
func HashedPassword(md5Hex string) Password {
	if len(md5Hex) != 32 {
		return Password{&passwordHash{err: "hashed password must be 32 hex digits (an MD5)"}}
	}
	if _, err := hex.DecodeString(md5Hex); err != nil {
		return Password{&passwordHash{err: "hashed password must be 32 hex digits (an MD5)"}}
	}
	return Password{&passwordHash{md5hex: hidden(strings.ToLower(md5Hex))}}
}

// MD5Hex returns the lowercase hex MD5 of s, the form MultiMarkets wants for
// passwords: MD5Hex("a123456") == "dc483e80a7a0bd9ef71d8cf973673924".
func MD5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// IsZero reports whether no password was given.
func (p Password) IsZero() bool { return p.h == nil }

// md5hex is the hash the API wants; "" for a zero or invalid Password.
func (p Password) md5hex() string {
	if p.h == nil || p.h.md5hex == nil {
		return ""
	}
	return p.h.md5hex()
}

func (p Password) validate(field string) error {
	switch {
	case p.IsZero():
		return &ValidationError{Field: field, Rule: "required (use PlainPassword or HashedPassword)"}
	case p.h.err != "":
		return &ValidationError{Field: field, Rule: p.h.err}
	}
	return nil
}

// String hides the password.
func (p Password) String() string { return redacted }

// GoString hides the password from %#v.
func (p Password) GoString() string { return redacted }

// LogValue hides the password from slog.
func (p Password) LogValue() slog.Value { return slog.StringValue(redacted) }

// Format hides the password from every fmt verb (%d, %x, %q, %+v, …).
func (p Password) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// MarshalText hides the password from encoders that are not the SDK's own
// request path (which sends the hash explicitly).
func (p Password) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// MilliTime is a point in time the server sends as Unix milliseconds (a
// 13-digit number, sometimes as a string), in UTC. 0, "" and null decode to
// the zero time, so IsZero reports "not set" (for example the close time of
// an open position). It embeds time.Time: use it like one. Every time the
// SDK decodes, in the REST answers and in data push, is a MilliTime or a
// time.Time in UTC.
type MilliTime struct{ time.Time }

// UnmarshalJSON accepts 1705567915141, "1705567915141", 0, "" and null;
// the time is in UTC.
func (t *MilliTime) UnmarshalJSON(b []byte) error {
	ms, err := decodeFlexInt(b)
	if err != nil {
		return err
	}
	t.Time = time.Time{}
	if ms != 0 {
		t.Time = time.UnixMilli(ms).UTC()
	}
	return nil
}

// MarshalJSON writes the time as Unix milliseconds (0 for the zero time).
func (t MilliTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("0"), nil
	}
	return []byte(strconv.FormatInt(t.UnixMilli(), 10)), nil
}

// unixMillis is the wire form of an optional time filter: 0 when unset.
func unixMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// IDList is a list of numeric IDs the server sends as a comma-separated
// string ("2,3,4", the customer groups allowed to trade a product). It also
// decodes from a JSON array of numbers or strings, a single number, "" and
// null (empty list).
type IDList []int64

// UnmarshalJSON accepts "1,2,3", [1,2,3], ["1","2"], 7, "" and null.
func (l *IDList) UnmarshalJSON(b []byte) error {
	parts, err := splitList(b)
	if err != nil {
		return err
	}
	out := make(IDList, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return fmt.Errorf("multimarkets: want a list of integers, got %.40q", b)
		}
		out = append(out, n)
	}
	*l = out
	return nil
}

// Contains reports whether id is in the list.
func (l IDList) Contains(id int64) bool {
	for _, v := range l {
		if v == id {
			return true
		}
	}
	return false
}

// TradeTypeList is a list of trading modes the server sends as a
// comma-separated string ("1,5"); it also decodes from a JSON array.
type TradeTypeList []TradeType

// UnmarshalJSON accepts "1,5", [1,5], ["1","5"], 1, "" and null.
func (l *TradeTypeList) UnmarshalJSON(b []byte) error {
	var ids IDList
	if err := ids.UnmarshalJSON(b); err != nil {
		return err
	}
	out := make(TradeTypeList, len(ids))
	for i, id := range ids {
		out[i] = TradeType(id)
	}
	*l = out
	return nil
}

// Contains reports whether t is in the list.
func (l TradeTypeList) Contains(t TradeType) bool {
	for _, v := range l {
		if v == t {
			return true
		}
	}
	return false
}

// splitList reads a comma-separated string, an array or a single scalar into
// trimmed, non-empty elements. Full-width commas (as in the spec's country
// examples) separate too.
func splitList(b []byte) ([]string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	var raw []string
	switch b[0] {
	case '[':
		var items []FlexString
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, err
		}
		for _, it := range items {
			raw = append(raw, string(it))
		}
	default:
		var s FlexString
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		raw = strings.FieldsFunc(string(s), func(r rune) bool { return r == ',' || r == '，' })
	}
	out := raw[:0]
	for _, p := range raw {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

// plainInt reads b when it is a plain decimal integer of at most 18
// digits, optionally negative or in quotes ("12"), or the empty string "":
// the common case of decodeFlexInt, without allocating. Anything else
// (spaces, 12.0, exponents, longer numbers) takes the full path.
func plainInt(b []byte) (int64, bool) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		b = b[1 : n-1]
		if len(b) == 0 {
			return 0, true
		}
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}
