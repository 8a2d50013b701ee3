package mmcrypto_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/mmcrypto"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// The vectors of shared/spec/README.md.
func TestSigningVectors(t *testing.T) {
	tests := []struct {
		body    string
		ts      int64
		signing string
		sig     string
	}{
		{`{"parentCode":"USDT","timestamp":1722093946335}`, 1722093946335,
			"timestamp=1722093946335&parentCode=USDT&timestamp=1722093946335", "5EF9837436D52991C79B7C0C4B007DAE"},
		{`{"a":1,"b":2,"c":"3","timestamp":11111131331}`, 11111131331,
			"timestamp=11111131331&a=1&b=2&c=3&timestamp=11111131331", "43FFFF236AC1FE30AF4ED37A1CFF7C9D"},
	}
	for _, tt := range tests {
		got, err := mmcrypto.SigningString([]byte(tt.body), tt.ts, mmcrypto.Double)
		require.NoError(t, err)
		assert.Equal(t, tt.signing, got)
		assert.Equal(t, tt.sig, mmcrypto.Signature(got))

		// Sign adds the timestamp itself: the body without it signs the same.
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(tt.body), &m))
		delete(m, "timestamp")
		noTS, _ := json.Marshal(m)
		signed, sig, err := mmcrypto.Sign(noTS, tt.ts, mmcrypto.Double)
		require.NoError(t, err)
		assert.Equal(t, tt.sig, sig)
		assert.Contains(t, string(signed), `"signature":"`+tt.sig+`"`)
		assert.Contains(t, string(signed), `"timestamp":`+strconv.FormatInt(tt.ts, 10))
	}
}

func TestSigningSkipsUnsignedValues(t *testing.T) {
	body := []byte(`{"z":"","y":null,"x":true,"w":{"a":1},"v":[1],"u":"ok","signature":"OLD","t":0,"s":1.50,"r":1e-07}`)
	got, err := mmcrypto.SigningString(body, 5, mmcrypto.BigDecimal)
	require.NoError(t, err)
	assert.Equal(t, "timestamp=5&r=1E-7&s=1.50&t=0&u=ok", got)
	got, err = mmcrypto.SigningString(body, 5, mmcrypto.Double)
	require.NoError(t, err)
	assert.Equal(t, "timestamp=5&r=1.0E-7&s=1.5&t=0&u=ok", got)
}

// The table of issue 12: what each reader signs for a JSON number, and the
// plain form the SDK sends instead.
func TestNumberReaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sent, double, bigDecimal string
		plain                    string // what the SDK sends for this value
		plainAgrees              bool   // both readers sign the plain form alike
	}{
		{"100.50", "100.5", "100.50", "100.5", true},
		{"5.00", "5.0", "5.00", "5", true},
		{"100.5", "100.5", "100.5", "100.5", true},
		{"1000.0", "1000.0", "1000.0", "1000", true},
		{"1000", "1000", "1000", "1000", true},
		{"1E+3", "1000.0", "1E+3", "1000", true},
		{"0.0001", "1.0E-4", "0.0001", "0.0001", false},
		{"12345678.9", "1.23456789E7", "12345678.9", "12345678.9", false},
		{"-0.0", "-0.0", "0.0", "0", true},
		{"0.001", "0.001", "0.001", "0.001", true},
		{"9999999.5", "9999999.5", "9999999.5", "9999999.5", true},
		{"1e-07", "1.0E-7", "1E-7", "0.0000001", false},
		{"12345678", "12345678", "12345678", "12345678", true},
		{"123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890", true},
		{"0.12345678901234567", "0.12345678901234566", "0.12345678901234567", "0.12345678901234567", false},
	}
	for _, tt := range tests {
		t.Run(tt.sent, func(t *testing.T) {
			got, err := mmcrypto.Double.Print(tt.sent)
			require.NoError(t, err)
			assert.Equal(t, tt.double, got, "Double reader")
			got, err = mmcrypto.BigDecimal.Print(tt.sent)
			require.NoError(t, err)
			assert.Equal(t, tt.bigDecimal, got, "BigDecimal reader")

			plain, err := mmcrypto.PlainNumber(tt.sent)
			require.NoError(t, err)
			assert.Equal(t, tt.plain, plain)
			d, err := mmcrypto.Double.Print(plain)
			require.NoError(t, err)
			b, err := mmcrypto.BigDecimal.Print(plain)
			require.NoError(t, err)
			assert.Equal(t, tt.plainAgrees, d == b, "Double %q, BigDecimal %q", d, b)

			// Signed for either reader, the fake emulating that reader verifies.
			for _, r := range []struct {
				sdk  mmcrypto.Reader
				fake mmtest.NumberReader
			}{{mmcrypto.Double, mmtest.DoubleReader}, {mmcrypto.BigDecimal, mmtest.BigDecimalReader}} {
				signed, _, err := mmcrypto.Sign([]byte(`{"amount":`+plain+`}`), 9, r.sdk)
				require.NoError(t, err)
				assert.True(t, mmtest.VerifySignature(signed, "9", r.fake), "reader %d", r.sdk)
				other := mmtest.BigDecimalReader - r.fake
				assert.Equal(t, tt.plainAgrees, mmtest.VerifySignature(signed, "9", other), "the other reader verifies only when both agree")
			}
		})
	}
}

func TestPlainNumbers(t *testing.T) {
	t.Parallel()
	got, err := mmcrypto.PlainNumbers([]byte(`{"a":5.00,"b":"5.00","c":[1E+3,-0.0,{"d":12.50e1}],"e":"\"1.0\"","f":true,"g":null,"h":-7}`))
	require.NoError(t, err)
	assert.Equal(t, `{"a":5,"b":"5.00","c":[1000,0,{"d":125}],"e":"\"1.0\"","f":true,"g":null,"h":-7}`, string(got))
	for _, bad := range []string{`{"a":1e1001}`, `{"a":1e-1002}`, `{"a":1e99999999999999999999}`, `{"a":"x`, `{"a":1e+-5}`, `{"a":1e++5}`, `{"a":1e}`, `{"a":1.}`} {
		_, err := mmcrypto.PlainNumbers([]byte(bad))
		assert.Error(t, err, bad)
	}
	got, err = mmcrypto.PlainNumbers([]byte(`{"a":1e1000,"b":1e-1000}`))
	require.NoError(t, err)
	assert.Len(t, got, len(`{"a":,"b":}`)+1001+1002)
}

// Values whose Java Double.toString is known (JDK 19+).
func TestJavaDouble(t *testing.T) {
	t.Parallel()
	for f, want := range map[float64]string{
		0: "0.0", math.Copysign(0, -1): "-0.0", 1: "1.0", -1.5: "-1.5", 100.5: "100.5", 1000: "1000.0",
		0.001: "0.001", 0.002: "0.002", 0.0001: "1.0E-4", 1e7: "1.0E7", 9999999: "9999999.0", 12345678.9: "1.23456789E7",
		0.1: "0.1", 1.0 / 3: "0.3333333333333333", 2e23: "2.0E23", 1e23: "1.0E23", 1e-5: "1.0E-5",
		math.SmallestNonzeroFloat64: "4.9E-324", math.MaxFloat64: "1.7976931348623157E308",
		2.2250738585072014e-308: "2.2250738585072014E-308", 123456.789: "123456.789", 1.0e21: "1.0E21",
		math.Inf(1): "Infinity", math.Inf(-1): "-Infinity", 2 * math.SmallestNonzeroFloat64: "9.9E-324", // lengths 1 and 2 compete: 9.9E-324 is closer than 1.0E-323
	} {
		assert.Equal(t, want, mmcrypto.JavaDouble(f), "%v", f)
	}
	assert.Equal(t, "NaN", mmcrypto.JavaDouble(math.NaN()))
}

// The SDK's Double.toString and the fake's separately written one agree on
// random doubles of every magnitude and on random short decimals.
func TestJavaDoubleAgreesWithFake(t *testing.T) {
	t.Parallel()
	rnd := mrand.New(mrand.NewPCG(1, 2))
	var nums []string
	for i := 0; i < 4000; i++ {
		f := math.Float64frombits(rnd.Uint64() &^ (1 << 63))
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		nums = append(nums, strconv.FormatFloat(f, 'e', -1, 64))
	}
	for i := 0; i < 4000; i++ {
		digits := strconv.FormatInt(rnd.Int64N(1_000_000_000), 10)
		nums = append(nums, digits+"e"+strconv.Itoa(rnd.IntN(40)-25))
	}
	for e := -1074; e <= 1023; e++ { // powers of two: the uneven gaps
		nums = append(nums, strconv.FormatFloat(math.Ldexp(1, e), 'e', -1, 64))
	}
	for _, n := range nums {
		signed, _, err := mmcrypto.Sign([]byte(`{"x":`+n+`}`), 1, mmcrypto.Double)
		require.NoError(t, err)
		if !mmtest.VerifySignature(signed, "1", mmtest.DoubleReader) {
			f, _ := strconv.ParseFloat(n, 64)
			t.Fatalf("%s: the SDK signs %s, the fake disagrees", n, mmcrypto.JavaDouble(f))
		}
	}
}

func TestJavaNumber(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "-12": "-12", "123456789012345678901234567890": "123456789012345678901234567890",
		"0.5": "0.5", "1.50": "1.50", "-0.001": "-0.001", "1e-07": "1E-7", "0.0000001": "1E-7", "0.000001": "0.000001",
		"1e3": "1E+3", "1.5e3": "1.5E+3", "1.5E+2": "1.5E+2", "150.0e0": "150.0", "12.345e1": "123.45", "0.0": "0.0", "-0.0": "0.0", "100e-2": "1.00",
	} {
		got, err := mmcrypto.JavaNumber(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "1.", ".5", "1e", "abc", "1.2.3"} {
		_, err := mmcrypto.JavaNumber(bad)
		assert.Error(t, err, bad)
	}
}

func genKey(t testing.TB) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	return k
}

// TestRoundTrip encrypts bodies and checks them with the fake server's
// separately written verification (mmtest.VerifySignature) after an
// independent decryption.
func TestRoundTrip(t *testing.T) {
	key := genKey(t)
	pub, err := mmcrypto.ParsePublicKey(mmcrypto.MarshalPublicKey(&key.PublicKey))
	require.NoError(t, err)
	bodies := map[string]string{
		"phone area":   `{"phone":"13800138000","phoneArea":"+86","pwd":"dc483e80a7a0bd9ef71d8cf973673924"}`,
		"non-ASCII":    `{"remark":"客户 Ünïcödé ✓ & = % + ?","name":"Zoë"}`,
		"10 KB":        `{"remark":"` + strings.Repeat("x+y &z=", 10*1024/7) + `"}`,
		"decimals":     `{"amount":100.50,"tiny":1e-07,"neg":-3}`,
		"empty object": `{}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			const ts = 1722093946335
			signed, _, err := mmcrypto.Sign([]byte(body), ts, mmcrypto.BigDecimal)
			require.NoError(t, err)
			data, err := mmcrypto.Encrypt(pub, signed)
			require.NoError(t, err)

			// Independent decryption: every piece at most 100 characters.
			var joined strings.Builder
			for _, p := range strings.Split(data, ",") {
				ct, err := base64.StdEncoding.DecodeString(p)
				require.NoError(t, err)
				pt, err := rsa.DecryptPKCS1v15(nil, key, ct)
				require.NoError(t, err)
				assert.LessOrEqual(t, len(pt), mmcrypto.PieceLen)
				joined.Write(pt)
			}
			plain, err := mmcrypto.Decrypt(key, data)
			require.NoError(t, err)
			assert.JSONEq(t, string(signed), string(plain))
			assert.True(t, mmtest.VerifySignature(plain, strconv.FormatInt(ts, 10), mmtest.BigDecimalReader), "server-side verification")
			assert.False(t, mmtest.VerifySignature(plain, strconv.FormatInt(ts+1, 10), mmtest.BigDecimalReader), "other timestamp")

			// The fields survive exactly.
			var want, got map[string]any
			require.NoError(t, json.Unmarshal([]byte(body), &want))
			require.NoError(t, json.Unmarshal(plain, &got))
			for k, v := range want {
				assert.Equal(t, v, got[k], k)
			}
		})
	}
}

func TestTamperedBodyFailsVerification(t *testing.T) {
	signed, _, err := mmcrypto.Sign([]byte(`{"amount":"100"}`), 7, mmcrypto.Double)
	require.NoError(t, err)
	tampered := strings.Replace(string(signed), `"100"`, `"900"`, 1)
	assert.True(t, mmtest.VerifySignature(signed, "7", mmtest.DoubleReader))
	assert.False(t, mmtest.VerifySignature([]byte(tampered), "7", mmtest.DoubleReader))
}

func TestParseKeys(t *testing.T) {
	key := genKey(t)
	b64 := mmcrypto.MarshalPublicKey(&key.PublicKey)
	pemText := "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n"
	for _, s := range []string{b64, pemText, " " + b64[:40] + "\n" + b64[40:]} {
		k, err := mmcrypto.ParsePublicKey(s)
		require.NoError(t, err)
		assert.Equal(t, key.PublicKey.N, k.N)
	}
	_, err := mmcrypto.ParsePublicKey("bm90IGEga2V5")
	assert.Error(t, err)
	_, err = mmcrypto.ParsePublicKey("%%%")
	assert.Error(t, err)
}

func FuzzSign(f *testing.F) {
	f.Add(`{"parentCode":"USDT"}`, int64(1722093946335))
	f.Add(`{"a":1,"b":2.50,"c":"3","d":null,"e":[1],"f":{"g":1}}`, int64(11111131331))
	f.Add(`{"x":"+86 & = %"}`, int64(0))
	f.Fuzz(func(t *testing.T, body string, ts int64) {
		for _, r := range []mmcrypto.Reader{mmcrypto.Double, mmcrypto.BigDecimal} {
			signed, sig, err := mmcrypto.Sign([]byte(body), ts, r)
			if err != nil {
				return // not a JSON object, or a number the signer refuses: an error, no panic
			}
			if len(sig) != 32 || strings.ToUpper(sig) != sig {
				t.Fatalf("signature %q", sig)
			}
			if !mmtest.VerifySignature(signed, strconv.FormatInt(ts, 10), mmtest.NumberReader(r)) {
				t.Fatalf("fake server (reader %d) refuses %s", r, signed)
			}
		}
	})
}

func BenchmarkSignAndEncrypt(b *testing.B) {
	key := genKey(b)
	body := []byte(`{"phone":"13800138000","phoneArea":"+86","pwd":"dc483e80a7a0bd9ef71d8cf973673924","country":"CN","registerSource":1,"customerGroupId":1,"tradeTypeCurrencyList":[{"allCurrency":"USDT","tradeType":"1"}]}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		signed, _, err := mmcrypto.Sign(body, 1722093946335, mmcrypto.Double)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := mmcrypto.Encrypt(&key.PublicKey, signed); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzPlainNumber: the plain form has the same value, is its own plain
// form, and both readers can print it; bad or huge input is an error.
func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{"5.00", "-0.0", "1E+3", "0.0001", "12345678.9", "1e-1000", "007", "1e99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, num string) {
		p, err := mmcrypto.PlainNumber(num)
		if err != nil {
			return
		}
		if len(p) > len(num)+2*1000+2 {
			t.Fatalf("%q grew to %d bytes", num, len(p))
		}
		want, ok := new(big.Rat).SetString(num)
		got, ok2 := new(big.Rat).SetString(p)
		if !ok || !ok2 || want.Cmp(got) != 0 {
			t.Fatalf("%q became %q", num, p)
		}
		if again, err := mmcrypto.PlainNumber(p); err != nil || again != p {
			t.Fatalf("%q is not its own plain form: %q, %v", p, again, err)
		}
		for _, r := range []mmcrypto.Reader{mmcrypto.Double, mmcrypto.BigDecimal} {
			if _, err := r.Print(p); err != nil {
				t.Fatalf("reader %d cannot print %q: %v", r, p, err)
			}
		}
	})
}
