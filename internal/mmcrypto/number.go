package mmcrypto

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Reader is how the server's JSON reader turns a JSON number that has a
// "." or an exponent into a Java value, and so how that number is printed
// (String.valueOf) in the signing string the server rebuilds. JSON integers
// (no "." and no exponent) are read as integers by every reader and signed
// as written.
type Reader int

const (
	// Double reads such numbers as java.lang.Double and prints them with
	// Double.toString ("1.0E-4", "1.23456789E7", "100.5"): hutool 5.0.5 in
	// the vendor's demo and Jackson's defaults.
	Double Reader = iota
	// BigDecimal reads them as java.math.BigDecimal and prints them with
	// BigDecimal.toString ("0.0001", "100.50", "1E+3"): fastjson and newer
	// hutool.
	BigDecimal
)

// Print returns the text the reader signs for the JSON number num.
func (r Reader) Print(num string) (string, error) {
	if r == BigDecimal {
		return JavaNumber(num)
	}
	if _, err := JavaNumber(num); err != nil { // the same syntax check for both readers
		return "", err
	}
	if !strings.ContainsAny(num, ".eE") {
		return num, nil // an integer: printed as written
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return "", fmt.Errorf("bad number %q", num)
	}
	return JavaDouble(f), nil // out of range: ±Infinity or 0.0, as Double.parseDouble
}

// maxExponent bounds the exponent of a number the SDK rewrites, so that
// a number such as 1e999999999 cannot expand into a gigabyte of zeros.
const maxExponent = 1000

// PlainNumber rewrites the JSON number num in its shortest exact plain
// form, which both readers print as written whenever any JSON text can
// make them agree: no exponent, no trailing fractional zeros, no decimal
// point for an integer, no leading zeros and no negative zero ("5.00" →
// "5", "12.50" → "12.5", "1E+3" → "1000", "-0.0" → "0", "1e-4" → "0.0001").
// The value is unchanged. Numbers whose exponent is beyond ±1000 are refused.
func PlainNumber(num string) (string, error) {
	s, neg := num, false
	if strings.HasPrefix(s, "-") {
		s, neg = s[1:], true
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		es := s[i+1:]
		if es != "" && (es[0] == '+' || es[0] == '-') {
			es = es[1:]
		}
		e, err := strconv.Atoi(s[i+1:]) // Atoi takes one sign, "+" included
		if err != nil || es == "" || !allDigits(es) || e > maxExponent || e < -maxExponent {
			return "", fmt.Errorf("bad or too large exponent in %q", num)
		}
		mant, exp = s[:i], e
	}
	intPart, frac, hasDot := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || (hasDot && frac == "") {
		return "", fmt.Errorf("bad number %q", num)
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= len(frac) // value = digits × 10^exp
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	digits = trimmed
	if digits == "" {
		return "0", nil
	}
	if adj := exp + len(digits); adj > maxExponent+1 || adj < -maxExponent {
		return "", fmt.Errorf("number %q is too large or too small", num)
	}
	var out string
	switch {
	case exp >= 0:
		out = digits + strings.Repeat("0", exp)
	case -exp < len(digits):
		out = digits[:len(digits)+exp] + "." + digits[len(digits)+exp:]
	default:
		out = "0." + strings.Repeat("0", -exp-len(digits)) + digits
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}

// PlainNumbers returns the JSON text body with every number, at any depth,
// rewritten by PlainNumber; strings and everything else are kept byte for
// byte. body must be valid JSON (as json.Marshal writes it).
func PlainNumbers(body []byte) ([]byte, error) {
	// out stays nil while every number is already plain (the common case:
	// integers), and body is returned as is.
	var out []byte
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(body) && body[j] != '"' {
				if body[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(body) {
				return nil, errors.New("mmcrypto: unterminated string")
			}
			if out != nil {
				out = append(out, body[i:j+1]...)
			}
			i = j + 1
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(body) && strings.IndexByte("0123456789.eE+-", body[j]) >= 0 {
				j++
			}
			num := body[i:j]
			if plainInteger(num) {
				if out != nil {
					out = append(out, num...)
				}
				i = j
				continue
			}
			p, err := PlainNumber(string(num))
			if err != nil {
				return nil, fmt.Errorf("mmcrypto: %w", err)
			}
			if out == nil && p != string(num) {
				out = append(make([]byte, 0, len(body)+len(p)), body[:i]...)
			}
			if out != nil {
				out = append(out, p...)
			}
			i = j
		default:
			if out != nil {
				out = append(out, c)
			}
			i++
		}
	}
	if out == nil {
		return body, nil
	}
	return out, nil
}

// plainInteger reports whether num is an integer PlainNumber keeps as is:
// "0", or an optional "-" and digits without a leading zero, and not "-0".
func plainInteger(num []byte) bool {
	d := num
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 1000 || d[0] == '0' && (len(d) > 1 || len(num) > len(d)) {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// JavaDouble returns Java's Double.toString(f) (the specification of JDK
// 19 and later, which earlier JDKs meet except for rare values): the
// shortest decimal that reads back as f, the closest to f among those (a
// one-digit result competes with two-digit ones), in plain notation with
// at least one digit after the point when 10^-3 <= |f| < 10^7
// ("100.5", "1000.0", "0.001"), else as d.dddE±n with no "+" and at least
// one digit after the point ("1.0E-4", "1.23456789E7", "4.9E-324").
func JavaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	digits, exp := sciDigits(strconv.FormatFloat(f, 'e', -1, 64))
	if len(digits) == 1 {
		// Java chooses among decimals of length 1 and 2 the closest to f.
		m2, x2, _ := strings.Cut(strconv.FormatFloat(f, 'e', 1, 64), "e")
		d2 := m2[:1] + m2[2:]
		e2, _ := strconv.Atoi(x2)
		if d2[1] != '0' {
			if back, err := strconv.ParseFloat(d2[:1]+"."+d2[1:]+"e"+strconv.Itoa(e2), 64); err == nil && back == f {
				x := new(big.Rat).SetFloat64(f)
				dist := func(d string, e int) *big.Rat {
					r, _ := new(big.Rat).SetString(d + "e" + strconv.Itoa(e-len(d)+1))
					return r.Abs(r.Sub(r, x))
				}
				c := dist(d2, e2).Cmp(dist(digits, exp))
				if c < 0 || (c == 0 && (d2[1]-'0')%2 == 0 && (digits[0]-'0')%2 == 1) {
					digits, exp = d2, e2
				}
			}
		}
	}
	if exp >= -3 && exp < 7 {
		var intPart, frac string
		if exp >= 0 {
			if len(digits) <= exp+1 {
				intPart, frac = digits+strings.Repeat("0", exp+1-len(digits)), "0"
			} else {
				intPart, frac = digits[:exp+1], digits[exp+1:]
			}
		} else {
			intPart, frac = "0", strings.Repeat("0", -exp-1)+digits
		}
		return sign + intPart + "." + frac
	}
	frac := digits[1:]
	if frac == "" {
		frac = "0"
	}
	return sign + digits[:1] + "." + frac + "E" + strconv.Itoa(exp)
}

// sciDigits splits strconv's "d.ddde±xx" into the digits without trailing
// zeros and the exponent of the first digit.
func sciDigits(s string) (string, int) {
	mant, e, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(e)
	d := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	if d == "" {
		d = "0"
	}
	return d, exp
}
