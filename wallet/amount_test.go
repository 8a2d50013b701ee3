package wallet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAmount(t *testing.T) {
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
		{in: "-0.00", want: "0.00", digits: 2},
		{in: "123456789012345678901234567890.123456789", want: "123456789012345678901234567890.123456789", digits: 9},
		{in: "", err: true},
		{in: "-", err: true},
		{in: ".", err: true},
		{in: "1,5", err: true},
		{in: "1e", err: true},
		{in: "1e999", err: true},
		{in: "1E-41", err: true},
		{in: "0x10", err: true},
		{in: "NaN", err: true},
		{in: " 1", err: true},
		{in: "1.0000000000000000000000000000000000001", err: true}, // 37 digits
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAmount(tt.in)
			if tt.err {
				require.ErrorIs(t, err, ErrInvalidAmount)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.String())
			assert.Equal(t, tt.digits, a.Digits())
		})
	}
}

func TestAmountArithmetic(t *testing.T) {
	a, b := MustParseAmount("0.1"), MustParseAmount("0.2")
	assert.Equal(t, "0.3", a.Add(b).String(), "exact, unlike float64")
	assert.Equal(t, "-0.10", MustParseAmount("0.10").Sub(MustParseAmount("0.2")).String())
	assert.True(t, MustParseAmount("1.5").Equal(MustParseAmount("1.500")))
	assert.False(t, MustParseAmount("1.5").Identical(MustParseAmount("1.500")))
	assert.Equal(t, -1, MustParseAmount("-1").Cmp(Amount{}))
	assert.Equal(t, "0", Amount{}.String())
	assert.Equal(t, "123.45", NewAmount(12345, 2).String())
	assert.Equal(t, "-0.05", NewAmount(-5, 2).String())

	r, err := MustParseAmount("1.20").Rescale(1)
	require.NoError(t, err)
	assert.Equal(t, "1.2", r.String())
	_, err = MustParseAmount("1.25").Rescale(1)
	require.Error(t, err)
	r, err = MustParseAmount("7").Rescale(4)
	require.NoError(t, err)
	assert.Equal(t, "7.0000", r.String())

	// immutability
	x := MustParseAmount("10")
	_ = x.Add(MustParseAmount("5"))
	_ = x.Neg()
	assert.Equal(t, "10", x.String())
	u := x.Unscaled()
	u.SetInt64(99)
	assert.Equal(t, "10", x.String())
}

func TestAmountJSON(t *testing.T) {
	var v struct {
		A Amount `json:"a"`
		B Amount `json:"b"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":"42.1098","b":0.30000000000000004}`), &v))
	assert.Equal(t, "42.1098", v.A.String())
	assert.Equal(t, "0.30000000000000004", v.B.String(), "a JSON number is read as text, not float64")
	// An Amount is a multimarkets.Decimal: on its own it writes an exact JSON
	// number. The webhook wire form (requests MultiMarkets sends, the balance
	// answer) keeps writing amounts as decimal strings with amountDigits places.
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":42.1098,"b":0.30000000000000004}`, string(out))
	adj, err := DecodeAdjustment([]byte(validAdjust))
	require.NoError(t, err)
	out, err = json.Marshal(adj)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"amount":"12.50"`)
	out, err = json.Marshal(BalanceData{Amount: MustParseAmount("100.00").String(), AmountDigits: 2})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"amount":"100.00"`)
	require.Error(t, json.Unmarshal([]byte(`{"a":"abc"}`), &v))
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "1E-7", "42.1098", ".5", "9e40", "+0.000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		b, err := ParseAmount(a.String())
		if err != nil {
			t.Fatalf("String() %q of %q does not parse: %v", a.String(), s, err)
		}
		if !a.Identical(b) {
			t.Fatalf("round trip of %q: %s != %s", s, a, b)
		}
		if a.Add(a.Neg()).Sign() != 0 {
			t.Fatalf("a + -a != 0 for %q", s)
		}
	})
}
