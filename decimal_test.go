package multimarkets_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

func TestParseDecimal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   string
		digits int
		err    bool
	}{
		{in: "42.1098", want: "42.1098", digits: 4},
		{in: "-12.50", want: "-12.50", digits: 2},
		{in: "+3", want: "3", digits: 0},
		{in: "0.001", want: "0.001", digits: 3},
		{in: ".5", want: "0.5", digits: 1},
		{in: "5.", want: "5", digits: 0},
		{in: "1E-7", want: "0.0000001", digits: 7},
		{in: "1.5e3", want: "1500", digits: 0},
		{in: "1e+2", want: "100", digits: 0},
		{in: "-0.00", want: "0.00", digits: 2},
		{in: " 7 ", want: "7", digits: 0},
		{in: "123456789012345678901234567890.123456789", want: "123456789012345678901234567890.123456789", digits: 9},
		{in: "", err: true},
		{in: "-", err: true},
		{in: ".", err: true},
		{in: "1,5", err: true},
		{in: "1e", err: true},
		{in: "1e5x", err: true},
		{in: "1e1001", err: true},
		{in: "-+3", err: true},
		{in: "+-3", err: true},
		{in: "0x10", err: true},
		{in: "NaN", err: true},
		{in: "Inf", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := mm.ParseDecimal(tt.in)
			if tt.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.String())
			assert.Equal(t, tt.digits, d.Digits())
		})
	}
}

func TestDecimalArithmetic(t *testing.T) {
	t.Parallel()
	a, b := mm.MustDecimal("0.1"), mm.MustDecimal("0.2")
	assert.Equal(t, "0.3", a.Add(b).String(), "exact, unlike float64")
	assert.Equal(t, "-0.10", mm.MustDecimal("0.10").Sub(mm.MustDecimal("0.2")).String())
	assert.True(t, mm.MustDecimal("1.5").Equal(mm.MustDecimal("1.500")))
	assert.False(t, mm.MustDecimal("1.5").Identical(mm.MustDecimal("1.500")))
	assert.True(t, mm.MustDecimal("1.50").Identical(mm.NewDecimal(150, 2)))
	assert.Equal(t, -1, mm.MustDecimal("-1").Cmp(mm.Decimal{}))
	assert.Equal(t, "0", mm.Decimal{}.String())
	assert.Equal(t, "123.45", mm.NewDecimal(12345, 2).String())
	assert.Equal(t, "-0.05", mm.NewDecimal(-5, 2).String())
	assert.Equal(t, "0.05", mm.NewDecimal(-5, 2).Abs().String())
	assert.Equal(t, "2.50", mm.MustDecimal("-2.50").Abs().String())
	assert.Panics(t, func() { mm.NewDecimal(1, -1) })

	r, err := mm.MustDecimal("1.20").Rescale(1)
	require.NoError(t, err)
	assert.Equal(t, "1.2", r.String())
	_, err = mm.MustDecimal("1.25").Rescale(1)
	require.Error(t, err)
	r, err = mm.MustDecimal("7").Rescale(4)
	require.NoError(t, err)
	assert.Equal(t, "7.0000", r.String())
	r, err = mm.MustDecimal("-3.100").Rescale(1)
	require.NoError(t, err)
	assert.Equal(t, "-3.1", r.String())
	_, err = mm.MustDecimal("1").Rescale(-1)
	require.Error(t, err)

	// immutability
	x := mm.MustDecimal("10")
	_ = x.Add(mm.MustDecimal("5"))
	_ = x.Neg()
	_ = x.Abs()
	_, _ = x.Rescale(3)
	_ = x.Scaled(2)
	assert.Equal(t, "10", x.String())
	u := x.Unscaled()
	u.SetInt64(99)
	assert.Equal(t, "10", x.String())
}

func TestDecimalScaled(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"11210000000|6": "11210.000000", "5|3": "0.005", "-5|1": "-0.5", "12.5|2": "0.125", "7|0": "7",
		"1E-7|2": "0.000000001", "4276400|2": "42764.00", "12|-2": "1200",
	} {
		s, dg, _ := strings.Cut(in, "|")
		n := map[string]int{"6": 6, "3": 3, "1": 1, "2": 2, "0": 0, "-2": -2}[dg]
		assert.Equal(t, want, mm.MustDecimal(s).Scaled(n).String(), in)
	}
	assert.True(t, mm.MustDecimal("0.000").IsZero())
	assert.True(t, mm.MustDecimal("0E-7").IsZero())
	assert.True(t, mm.MustDecimal("-0").IsZero())
	assert.False(t, mm.MustDecimal("0.001").IsZero())
}

func TestDecimalJSON(t *testing.T) {
	t.Parallel()
	var v struct {
		A, B, C, D, E, F mm.Decimal
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"42.1098","B":0.30000000000000004,"C":null,"D":-12.500,"E":1E-7,"F":""}`), &v))
	assert.Equal(t, "42.1098", v.A.String())
	assert.Equal(t, "0.30000000000000004", v.B.String(), "a JSON number is read as text, not float64")
	assert.True(t, v.C.IsZero())
	assert.Equal(t, "-12.500", v.D.String())
	assert.Equal(t, "0.0000001", v.E.String())
	assert.Equal(t, 7, v.E.Digits())
	assert.True(t, v.F.IsZero())
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":42.1098,"B":0.30000000000000004,"C":0,"D":-12.500,"E":0.0000001,"F":0}`, string(out))
	assert.Contains(t, string(out), `"D":-12.500`, "digits are kept on the wire")
	require.Error(t, json.Unmarshal([]byte(`{"A":"abc"}`), &v))
	require.Error(t, json.Unmarshal([]byte(`{"A":{}}`), &v))

	var txt mm.Decimal
	require.NoError(t, txt.UnmarshalText([]byte("1.50")))
	b, err := txt.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "1.50", string(b))
	require.Error(t, txt.UnmarshalText([]byte("")))
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "1E-7", "42.1098", ".5", "9e40", "+0.000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := mm.ParseDecimal(s)
		if err != nil {
			return
		}
		b, err := mm.ParseDecimal(a.String())
		require.NoError(t, err, "String() %q of %q does not parse: %v", a.String(), s, err)
		require.True(t, a.Identical(b), "round trip of %q: %s != %s", s, a, b)
		require.EqualValues(t, 0, a.Add(a.Neg()).Sign(), "a + -a != 0 for %q", s)
	})
}

// TestHostileNumbersAreRefused: a number of a million digits, in any type
// that decodes numbers, is refused with a clear error (parsing it would take
// seconds), the error does not quote it, and the longest accepted numbers
// still decode.
func TestHostileNumbersAreRefused(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("9", 1_000_000)
	for _, raw := range []string{huge, `"` + huge + `"`, "0." + huge, "-" + huge + "e-5", strings.Repeat("0", 1_000_000) + "1"} {
		targets := map[string]any{"Decimal": new(mm.Decimal), "FlexInt64": new(mm.FlexInt64), "FlexString": new(mm.FlexString),
			"MilliTime": new(mm.MilliTime), "IDList": new(mm.IDList), "TradeType": new(mm.TradeType)}
		for name, v := range targets {
			err := json.Unmarshal([]byte(raw), v)
			if name == "FlexString" && raw[0] == '"' {
				require.NoError(t, err, "a long string is a string, not a number")
				continue
			}
			require.Error(t, err, name)
			assert.Less(t, len(err.Error()), 300, "%s: the error does not quote the number", name)
		}
	}
	_, err := mm.ParseDecimal(huge)
	require.ErrorContains(t, err, "at most 64 digits")

	max := strings.Repeat("9", mm.MaxDecimalDigits)
	for in, ok := range map[string]bool{
		"-" + max[:10] + "." + max[10:]: true, max: true, max + "1": false, "0." + max[1:]: true, "0." + max: false,
		"1e63": true, "1e64": false, "1e-63": true, "1e-64": false, "0000000001e63": true, "-0.0e-62": true, "-0.0e-63": false, "0e-64": false,
	} {
		d, err := mm.ParseDecimal(in)
		if !ok {
			require.Error(t, err, in)
			continue
		}
		require.NoError(t, err, in)
		back, err := mm.ParseDecimal(d.String())
		require.NoError(t, err, "%s prints %s, which parses back", in, d)
		assert.True(t, d.Identical(back))
	}
	var f mm.FlexInt64
	require.NoError(t, json.Unmarshal([]byte(`"-9223372036854775808"`), &f))
}

// TestScaledWithHostileDigits: digits far outside any currency's range are
// clamped to ±1000 instead of wrapping around (2^32+2 used to act as 2) or
// allocating without bound.
func TestScaledWithHostileDigits(t *testing.T) {
	t.Parallel()
	if strconv.IntSize < 64 {
		t.Skip("an int has 32 bits here: there are no such digits to pass")
	}
	wraps, huge, hugeNeg := int64(1<<32+2), int64(1<<62), int64(-1<<40) // variables: an int on 32 bits cannot hold them
	one := mm.MustDecimal("12.5")
	assert.Equal(t, 1001, one.Scaled(int(wraps)).Digits(), "clamped, not wrapped to 2")
	assert.Equal(t, 1001, one.Scaled(int(huge)).Digits())
	big := one.Scaled(int(hugeNeg))
	assert.Equal(t, 0, big.Digits())
	assert.Equal(t, "125"+strings.Repeat("0", 999), big.String(), "shifted by 1000 places, not 2^40")
}
