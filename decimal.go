package multimarkets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact decimal number for money, prices and quantities. The
// SDK never puts money in a float64: a Decimal keeps the digits exactly as
// the server sent them (JSON number or numeric string) and is sent as a JSON
// number with exactly its digits. Its zero value is 0.
//
// Decimal does the little arithmetic an integration needs (Add, Sub, Neg,
// Cmp, Sign); for more, hand String() to a decimal library of your choice.
type Decimal struct {
	unscaled big.Int // value = unscaled × 10^-scale
	scale    int32
}

// ParseDecimal reads a plain or exponent decimal such as "12.50", "-3",
// "1e-7". It refuses NaN, infinities, hex and empty strings.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	t := strings.TrimSpace(s)
	mant, exp := t, int64(0)
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		if _, err := fmt.Sscan(t[i+1:], &exp); err != nil || exp > 1000 || exp < -1000 {
			return d, fmt.Errorf("multimarkets: invalid decimal %q", s)
		}
		mant = t[:i]
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(strings.TrimPrefix(mant, "-"), "+")
	intPart, frac, _ := strings.Cut(mant, ".")
	if (intPart == "" && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return d, fmt.Errorf("multimarkets: invalid decimal %q", s)
	}
	if _, ok := d.unscaled.SetString(intPart+frac, 10); !ok && intPart+frac != "" {
		return d, fmt.Errorf("multimarkets: invalid decimal %q", s)
	}
	scale := int64(len(frac)) - exp
	if scale < 0 { // 1e3: make it an integer with scale 0
		d.unscaled.Mul(&d.unscaled, new(big.Int).Exp(big.NewInt(10), big.NewInt(-scale), nil))
		scale = 0
	}
	d.scale = int32(scale)
	if neg {
		d.unscaled.Neg(&d.unscaled)
	}
	return d, nil
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

// MarshalJSON writes the number as a JSON number with its exact digits.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON accepts a JSON number, a numeric string, "" and null (0).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" || string(b) == `""` {
		*d = Decimal{}
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
