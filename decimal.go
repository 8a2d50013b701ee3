package multimarkets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number for money, prices and quantities. The
// SDK never puts money in a float64: a Decimal keeps the digits exactly as
// the server sent them (JSON number or numeric string). MarshalJSON writes
// exactly its digits; in a request the SDK sends the shortest plain form of
// its value ("5.00" as 5, "12.50" as 12.5), which servers whose JSON reader
// makes it a Double and servers that make it a BigDecimal sign alike (see
// NumberReader). Its zero value is 0.
//
// A Decimal also remembers its number of decimal places (Digits): "12.50"
// has 2, and prints back as "12.50". Equal and Cmp compare values (1.5
// equals 1.50); Identical also compares digits. Rescale changes the digits
// without ever rounding, Scaled shifts a scaled integer ("4276400" with 2
// digits is 42764.00).
//
// Decimal does the little arithmetic an integration needs (Add, Sub, Neg,
// Abs, Cmp, Sign); for more, hand String() to a decimal library of your
// choice. Decimals are immutable values: no method changes its receiver or
// arguments.
type Decimal struct {
	unscaled big.Int // value = unscaled × 10^-scale
	scale    int32
}

// ParseDecimal reads a plain or exponent decimal such as "12.50", "-3",
// "+.5", "1e-7" exactly. The number of digits (Digits) is the number of
// decimal places written, after applying any exponent: "12.50" has 2,
// "1e-7" has 7, "1.5e3" is 1500 with 0. Surrounding spaces are ignored. It
// refuses NaN, infinities, hex, empty strings and exponents beyond ±1000.
//
// A number that takes more than MaxDecimalDigits digits to write out in
// plain notation (as String does: "1e70" is 71 digits) is refused, before
// any arithmetic: money has a few dozen digits at most, and parsing a
// hostile number of millions of digits would take seconds of CPU. So every
// Decimal ParseDecimal returns parses back from its String; only
// arithmetic (Rescale, Scaled, NewDecimal) can make longer ones.
//
// Its error is a *ValidationError (errors.Is(err, ErrValidation)).
func ParseDecimal(s string) (Decimal, error) {
	d, reason := parseDecimal(s)
	if reason != "" {
		return Decimal{}, &ValidationError{Field: "Decimal", Rule: reason}
	}
	return d, nil
}

// parseDecimal is ParseDecimal with the reason for refusing s ("" when s is
// a decimal). Decoding (UnmarshalJSON/Text) makes it a plain error, which a
// response decoder wraps in a *ResponseError: a bad number from the server
// is not the caller's invalid parameter.
func parseDecimal(s string) (Decimal, string) {
	var d Decimal
	bad := func() (Decimal, string) { return Decimal{}, fmt.Sprintf("%.40q is not a decimal number", s) }
	t := strings.TrimSpace(s)
	if len(t) > maxDecimalText {
		return Decimal{}, decimalTooLong(len(t))
	}
	mant, exp := t, 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.Atoi(t[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return bad()
		}
		mant, exp = t[:i], e
	}
	neg := false
	if mant != "" && (mant[0] == '-' || mant[0] == '+') {
		neg = mant[0] == '-'
		mant = mant[1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if (intPart == "" && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return bad()
	}
	scale := len(frac) - exp
	if n := writtenDigits(strings.TrimLeft(intPart+frac, "0"), scale); n > MaxDecimalDigits {
		return Decimal{}, decimalTooLong(n)
	}
	if _, ok := d.unscaled.SetString(intPart+frac, 10); !ok {
		return bad()
	}
	if scale < 0 { // 1e3: make it an integer with scale 0
		d.unscaled.Mul(&d.unscaled, pow10(int32(-scale)))
		scale = 0
	}
	d.scale = int32(scale)
	if neg {
		d.unscaled.Neg(&d.unscaled)
	}
	return d, ""
}

// NewDecimal returns unscaled × 10^-digits: NewDecimal(12345, 2) is 123.45
// with 2 digits. It panics if digits is negative or above 1000.
func NewDecimal(unscaled int64, digits int) Decimal {
	if digits < 0 || digits > maxDigits {
		panic(fmt.Sprintf("multimarkets: NewDecimal digits %d out of range [0,%d]", digits, maxDigits))
	}
	var d Decimal
	d.unscaled.SetInt64(unscaled)
	d.scale = int32(digits)
	return d
}

// maxDigits bounds the digits NewDecimal and Rescale accept, so that a
// hostile digits value cannot allocate without bound.
const maxDigits = 1000

// MaxDecimalDigits is the most digits (before and after the decimal point
// together, as String writes them) a Decimal accepts when it is parsed or
// decoded. Money and prices have a few dozen digits at most; a longer number
// is refused quickly with an error instead of being parsed, which for
// millions of digits costs seconds of CPU. 64 leaves room for every amount
// a Java BigDecimal of a double prints (such as 0.1 written out in full:
// 55 digits).
const MaxDecimalDigits = 64

// maxDecimalText bounds the whole text of a decimal: its digits, a sign, a
// point and an exponent such as "e-1000".
const maxDecimalText = MaxDecimalDigits + 8

func decimalTooLong(n int) string {
	return fmt.Sprintf("%d digits refused: at most %d digits", n, MaxDecimalDigits)
}

// decodeDecimal parses s for UnmarshalJSON and UnmarshalText.
func decodeDecimal(s string) (Decimal, error) {
	d, reason := parseDecimal(s)
	if reason != "" {
		return Decimal{}, errors.New("multimarkets: decimal: " + reason)
	}
	return d, nil
}

// writtenDigits is the number of digits String prints for a number whose
// significant digits (leading zeros removed) are sig and whose scale is
// scale: "1e3" (sig "1", scale -3) prints 4, "0.0001" (sig "1", scale 4)
// prints 5.
func writtenDigits(sig string, scale int) int {
	switch {
	case sig == "":
		return max(1, scale+1) // zero: "0" or "0.000"
	case scale <= 0:
		return len(sig) - scale
	}
	return max(len(sig), scale+1)
}

// MustDecimal is ParseDecimal for constants; it panics on a bad literal.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String prints the number in plain notation with its digits, e.g. "12.50".
func (d Decimal) String() string {
	s := new(big.Int).Abs(&d.unscaled).String()
	if d.scale > 0 {
		if len(s) <= int(d.scale) {
			s = strings.Repeat("0", int(d.scale)-len(s)+1) + s
		}
		s = s[:len(s)-int(d.scale)] + "." + s[len(s)-int(d.scale):]
	}
	if d.unscaled.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// Digits returns the number of digits after the decimal point.
func (d Decimal) Digits() int { return int(d.scale) }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int { return d.unscaled.Sign() }

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.unscaled.Sign() == 0 }

// Unscaled returns a copy of the integer the number is made of: 12.50
// gives 1250.
func (d Decimal) Unscaled() *big.Int { return new(big.Int).Set(&d.unscaled) }

// Abs returns |d| with the same digits.
func (d Decimal) Abs() Decimal {
	var r Decimal
	r.unscaled.Abs(&d.unscaled)
	r.scale = d.scale
	return r
}

// Equal reports whether d and e have the same value; 1.5 equals 1.50.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Identical reports whether d and e have the same value and the same
// digits; 1.5 is not identical to 1.50.
func (d Decimal) Identical(e Decimal) bool {
	return d.scale == e.scale && d.unscaled.Cmp(&e.unscaled) == 0
}

// Rescale returns d with exactly digits decimal places. It fails rather
// than round: 1.25 rescaled to 1 digit is an error, 1.20 to 1 digit is 1.2,
// 7 to 4 digits is 7.0000.
func (d Decimal) Rescale(digits int) (Decimal, error) {
	if digits < 0 || digits > maxDigits {
		return Decimal{}, &ValidationError{Field: "Decimal.Rescale digits", Rule: fmt.Sprintf("%d out of range [0,%d]", digits, maxDigits)}
	}
	var r Decimal
	r.scale = int32(digits)
	switch {
	case r.scale >= d.scale:
		r.unscaled.Mul(&d.unscaled, pow10(r.scale-d.scale))
	default:
		var rem big.Int
		r.unscaled.QuoRem(&d.unscaled, pow10(d.scale-r.scale), &rem)
		if rem.Sign() != 0 {
			return Decimal{}, &ValidationError{Field: "Decimal.Rescale digits", Rule: fmt.Sprintf("%s has more than %d decimal places", d, digits)}
		}
	}
	return r, nil
}

// Scaled reads d as an integer scaled by 10^digits, as the server sends
// many prices and amounts (a deal's executePrice 4276400 with digits 2 is
// 42764.00; a push amount 11210000000 with digits 6 is 11210.000000), and
// returns the decimal it stands for, without rounding. A value that already
// has decimal places is shifted the same way (12.5 with 2 is 0.125); a
// negative digits shifts the other way (12 with -2 is 1200).
//
// digits usually comes from the server (a push event's or a deal's digits
// field). No currency or price has more than a few dozen decimal places, so
// digits outside [-1000, 1000] is clamped to that range: a hostile or broken
// value cannot make the call slow or huge, nor wrap around to a wrong scale.
// Check the digits yourself if such a value must be refused.
func (d Decimal) Scaled(digits int) Decimal {
	digits = max(-maxDigits, min(maxDigits, digits))
	var r Decimal
	r.unscaled.Set(&d.unscaled)
	s := int64(d.scale) + int64(digits)
	if s < 0 {
		r.unscaled.Mul(&r.unscaled, pow10(int32(-s)))
		s = 0
	}
	r.scale = int32(min(s, math.MaxInt32))
	return r
}

// Neg returns -d.
func (d Decimal) Neg() Decimal {
	var r Decimal
	r.unscaled.Neg(&d.unscaled)
	r.scale = d.scale
	return r
}

// Add returns d + e, exactly, with the larger number of digits.
func (d Decimal) Add(e Decimal) Decimal {
	a, b, scale := align(d, e)
	var r Decimal
	r.unscaled.Add(a, b)
	r.scale = scale
	return r
}

// Sub returns d - e, exactly.
func (d Decimal) Sub(e Decimal) Decimal { return d.Add(e.Neg()) }

// Cmp compares d and e: -1 if d < e, 0 if equal in value, +1 if d > e.
func (d Decimal) Cmp(e Decimal) int {
	a, b, _ := align(d, e)
	return a.Cmp(b)
}

func align(d, e Decimal) (*big.Int, *big.Int, int32) {
	a, b := new(big.Int).Set(&d.unscaled), new(big.Int).Set(&e.unscaled)
	switch {
	case d.scale < e.scale:
		a.Mul(a, pow10(e.scale-d.scale))
		return a, b, e.scale
	case e.scale < d.scale:
		b.Mul(b, pow10(d.scale-e.scale))
	}
	return a, b, d.scale
}

func pow10(n int32) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// MarshalText writes String().
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses as ParseDecimal does.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := decodeDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the number as a JSON number with its exact digits.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON accepts a JSON number, a numeric string, "" and null (0).
// A number of more than MaxDecimalDigits digits is refused.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" || string(b) == `""` {
		*d = Decimal{}
		return nil
	}
	if len(b) > maxDecimalText+2 {
		return errors.New("multimarkets: decimal: " + decimalTooLong(len(b)))
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := decodeDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
