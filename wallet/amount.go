package wallet

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// MaxDigits is the largest number of decimal places an Amount may carry.
// MultiMarkets sends amountDigits well below it; the cap keeps hostile input
// (such as "1E-999999") from allocating without bound.
const MaxDigits = 36

// maxAmountText bounds the length of an amount's text, sign and exponent included.
const maxAmountText = 80

// maxExponent bounds the exponent accepted in "1.5E3"-style amounts.
const maxExponent = 40

// ErrInvalidAmount is returned (wrapped) for text that is not an exact decimal amount.
var ErrInvalidAmount = errors.New("wallet: invalid amount")

// Amount is an exact decimal number of money with a fixed number of decimal
// places ("digits"), as MultiMarkets sends it in amount/amountDigits. It never
// goes through float64: "42.1098" with 4 digits is 421098 × 10⁻⁴ exactly.
//
// The zero value is 0 with 0 digits. Amounts are immutable values: every
// method returns a new Amount and never changes its receiver or arguments.
type Amount struct {
	unscaled *big.Int // nil means 0
	digits   int32
}

// NewAmount returns unscaled × 10^-digits, e.g. NewAmount(12345, 2) is 123.45.
// It panics if digits is negative or greater than MaxDigits.
func NewAmount(unscaled int64, digits int) Amount {
	if digits < 0 || digits > MaxDigits {
		panic(fmt.Sprintf("wallet: NewAmount digits %d out of range [0,%d]", digits, MaxDigits))
	}
	return Amount{unscaled: big.NewInt(unscaled), digits: int32(digits)}
}

// ParseAmount parses a plain or exponent decimal ("-12.50", "+3", "1E-7",
// "1.5e3") exactly. The number of digits is the number of decimal places
// written (after applying any exponent), so "12.50" has 2 digits.
func ParseAmount(s string) (Amount, error) {
	if s == "" || len(s) > maxAmountText {
		return Amount{}, fmt.Errorf("%w: empty or longer than %d characters", ErrInvalidAmount, maxAmountText)
	}
	t := s
	neg := false
	switch t[0] {
	case '-':
		neg = true
		t = t[1:]
	case '+':
		t = t[1:]
	}
	mant, exp := t, 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant = t[:i]
		es := t[i+1:]
		eneg := false
		if es != "" && (es[0] == '+' || es[0] == '-') {
			eneg = es[0] == '-'
			es = es[1:]
		}
		if es == "" || len(es) > 3 || !allDigits(es) {
			return Amount{}, fmt.Errorf("%w: bad exponent", ErrInvalidAmount)
		}
		for _, c := range es {
			exp = exp*10 + int(c-'0')
		}
		if exp > maxExponent {
			return Amount{}, fmt.Errorf("%w: exponent out of range", ErrInvalidAmount)
		}
		if eneg {
			exp = -exp
		}
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return Amount{}, fmt.Errorf("%w: not a decimal number", ErrInvalidAmount)
	}
	digits := len(frac) - exp
	u, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok { // only when intPart+frac is empty, excluded above
		return Amount{}, fmt.Errorf("%w: not a decimal number", ErrInvalidAmount)
	}
	if digits < 0 {
		u.Mul(u, pow10(-digits))
		digits = 0
	}
	if digits > MaxDigits {
		return Amount{}, fmt.Errorf("%w: more than %d decimal places", ErrInvalidAmount, MaxDigits)
	}
	if neg {
		u.Neg(u)
	}
	return Amount{unscaled: u, digits: int32(digits)}, nil
}

// MustParseAmount is ParseAmount for constants in tests and examples; it panics on bad input.
func MustParseAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

func (a Amount) u() *big.Int {
	if a.unscaled == nil {
		return new(big.Int)
	}
	return a.unscaled
}

// Digits reports the number of decimal places the amount carries (amountDigits on the wire).
func (a Amount) Digits() int { return int(a.digits) }

// Unscaled returns a copy of the integer the amount is made of: 12.50 gives 1250.
func (a Amount) Unscaled() *big.Int { return new(big.Int).Set(a.u()) }

// Sign returns -1, 0 or +1 for a negative, zero or positive amount.
func (a Amount) Sign() int { return a.u().Sign() }

// IsZero reports whether the amount is 0 (with any number of digits).
func (a Amount) IsZero() bool { return a.Sign() == 0 }

// Neg returns -a with the same digits.
func (a Amount) Neg() Amount { return Amount{unscaled: new(big.Int).Neg(a.u()), digits: a.digits} }

// Abs returns |a| with the same digits.
func (a Amount) Abs() Amount { return Amount{unscaled: new(big.Int).Abs(a.u()), digits: a.digits} }

// align returns both unscaled values at the larger of the two digit counts.
func align(a, b Amount) (x, y *big.Int, digits int32) {
	x, y, digits = new(big.Int).Set(a.u()), new(big.Int).Set(b.u()), a.digits
	switch {
	case a.digits < b.digits:
		x.Mul(x, pow10(int(b.digits-a.digits)))
		digits = b.digits
	case b.digits < a.digits:
		y.Mul(y, pow10(int(a.digits-b.digits)))
	}
	return x, y, digits
}

// Add returns a+b exactly, with the larger of the two digit counts.
func (a Amount) Add(b Amount) Amount {
	x, y, d := align(a, b)
	return Amount{unscaled: x.Add(x, y), digits: d}
}

// Sub returns a-b exactly, with the larger of the two digit counts.
func (a Amount) Sub(b Amount) Amount { return a.Add(b.Neg()) }

// Cmp compares the values of a and b regardless of digits: -1 if a<b, 0 if equal, +1 if a>b.
func (a Amount) Cmp(b Amount) int {
	x, y, _ := align(a, b)
	return x.Cmp(y)
}

// Equal reports whether a and b have the same value; 1.5 equals 1.50.
func (a Amount) Equal(b Amount) bool { return a.Cmp(b) == 0 }

// Identical reports whether a and b have the same value and the same digits.
func (a Amount) Identical(b Amount) bool { return a.digits == b.digits && a.u().Cmp(b.u()) == 0 }

// Rescale returns a with exactly digits decimal places. It fails rather than
// round: 1.25 rescaled to 1 digit is an error, 1.20 to 1 digit is 1.2.
func (a Amount) Rescale(digits int) (Amount, error) {
	if digits < 0 || digits > MaxDigits {
		return Amount{}, fmt.Errorf("%w: digits %d out of range [0,%d]", ErrInvalidAmount, digits, MaxDigits)
	}
	d := int32(digits)
	switch {
	case d == a.digits:
		return a, nil
	case d > a.digits:
		return Amount{unscaled: new(big.Int).Mul(a.u(), pow10(int(d-a.digits))), digits: d}, nil
	default:
		q, r := new(big.Int).QuoRem(a.u(), pow10(int(a.digits-d)), new(big.Int))
		if r.Sign() != 0 {
			return Amount{}, fmt.Errorf("%w: %d decimal places do not fit in %d", ErrInvalidAmount, a.digits, digits)
		}
		return Amount{unscaled: q, digits: d}, nil
	}
}

// String writes the amount in plain decimal with exactly Digits() decimal
// places, e.g. "-42.1098"; this is the text MultiMarkets expects in "amount".
func (a Amount) String() string {
	u := a.u()
	s := new(big.Int).Abs(u).String()
	if a.digits > 0 {
		if len(s) <= int(a.digits) {
			s = strings.Repeat("0", int(a.digits)-len(s)+1) + s
		}
		s = s[:len(s)-int(a.digits)] + "." + s[len(s)-int(a.digits):]
	}
	if u.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// MarshalText writes String().
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses with ParseAmount.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalJSON writes the amount as a JSON string ("42.1098"), as the webhook schema types it.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(`"` + a.String() + `"`), nil }

// UnmarshalJSON accepts a JSON string or a JSON number, parsing its text exactly (never via float64).
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return a.UnmarshalText([]byte(s))
}
