package wallet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

// MaxDigits is the largest number of decimal places ParseAmount and
// NewAmount accept. MultiMarkets sends amountDigits well below it; the cap
// keeps hostile input (such as "1E-999999") from allocating without bound.
const MaxDigits = 36

// maxAmountText bounds the length of an amount's text, sign and exponent included.
const maxAmountText = 80

// maxExponent bounds the exponent accepted in "1.5E3"-style amounts.
const maxExponent = 40

// ErrInvalidAmount is returned (wrapped) by ParseAmount for text that is not
// an exact decimal amount within the wallet's limits.
var ErrInvalidAmount = errors.New("wallet: invalid amount")

// Amount is an exact decimal number of money with a fixed number of decimal
// places ("digits"), as MultiMarkets sends it in amount/amountDigits. It is
// the SDK's one exact decimal type, multimarkets.Decimal: "42.1098" with 4
// digits is 421098 × 10⁻⁴ exactly, never a float64. Amounts are written to
// webhook answers as decimal strings with exactly Digits() places.
type Amount = multimarkets.Decimal

// NewAmount returns unscaled × 10^-digits, e.g. NewAmount(12345, 2) is 123.45.
// It panics if digits is negative or greater than MaxDigits.
func NewAmount(unscaled int64, digits int) Amount {
	if digits < 0 || digits > MaxDigits {
		panic(fmt.Sprintf("wallet: NewAmount digits %d out of range [0,%d]", digits, MaxDigits))
	}
	return multimarkets.NewDecimal(unscaled, digits)
}

// ParseAmount parses a plain or exponent decimal ("-12.50", "+3", "1E-7",
// "1.5e3") exactly, as multimarkets.ParseDecimal does, within the limits a
// wallet accepts from the network: no surrounding spaces, at most 80
// characters, exponents within ±40 and at most MaxDigits decimal places.
// Errors wrap ErrInvalidAmount.
func ParseAmount(s string) (Amount, error) {
	if s == "" || len(s) > maxAmountText {
		return Amount{}, fmt.Errorf("%w: empty or longer than %d characters", ErrInvalidAmount, maxAmountText)
	}
	if strings.TrimSpace(s) != s {
		return Amount{}, fmt.Errorf("%w: not a decimal number", ErrInvalidAmount)
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		if e, err := strconv.Atoi(s[i+1:]); err != nil || e > maxExponent || e < -maxExponent {
			return Amount{}, fmt.Errorf("%w: bad exponent", ErrInvalidAmount)
		}
	}
	a, err := multimarkets.ParseDecimal(s)
	if err != nil {
		return Amount{}, fmt.Errorf("%w: not a decimal number", ErrInvalidAmount)
	}
	if a.Digits() > MaxDigits {
		return Amount{}, fmt.Errorf("%w: more than %d decimal places", ErrInvalidAmount, MaxDigits)
	}
	return a, nil
}

// MustParseAmount is ParseAmount for constants in tests and examples; it panics on bad input.
func MustParseAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}
