package mmcrypto_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
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
		got, err := mmcrypto.SigningString([]byte(tt.body), tt.ts)
		require.NoError(t, err)
		assert.Equal(t, tt.signing, got)
		assert.Equal(t, tt.sig, mmcrypto.Signature(got))

		// Sign adds the timestamp itself: the body without it signs the same.
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(tt.body), &m))
		delete(m, "timestamp")
		noTS, _ := json.Marshal(m)
		signed, sig, err := mmcrypto.Sign(noTS, tt.ts)
		require.NoError(t, err)
		assert.Equal(t, tt.sig, sig)
		assert.Contains(t, string(signed), `"signature":"`+tt.sig+`"`)
		assert.Contains(t, string(signed), `"timestamp":`+strconv.FormatInt(tt.ts, 10))
	}
}

func TestSigningSkipsUnsignedValues(t *testing.T) {
	got, err := mmcrypto.SigningString([]byte(`{"z":"","y":null,"x":true,"w":{"a":1},"v":[1],"u":"ok","signature":"OLD","t":0,"s":1.50,"r":1e-07}`), 5)
	require.NoError(t, err)
	assert.Equal(t, "timestamp=5&r=1E-7&s=1.50&t=0&u=ok", got)
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
			signed, _, err := mmcrypto.Sign([]byte(body), ts)
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
			assert.True(t, mmtest.VerifySignature(plain, strconv.FormatInt(ts, 10)), "server-side verification")
			assert.False(t, mmtest.VerifySignature(plain, strconv.FormatInt(ts+1, 10)), "other timestamp")

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
	signed, _, err := mmcrypto.Sign([]byte(`{"amount":"100"}`), 7)
	require.NoError(t, err)
	tampered := strings.Replace(string(signed), `"100"`, `"900"`, 1)
	assert.True(t, mmtest.VerifySignature(signed, "7"))
	assert.False(t, mmtest.VerifySignature([]byte(tampered), "7"))
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
		signed, sig, err := mmcrypto.Sign([]byte(body), ts)
		if err != nil {
			return // not a JSON object, or a number the signer refuses: an error, no panic
		}
		if len(sig) != 32 || strings.ToUpper(sig) != sig {
			t.Fatalf("signature %q", sig)
		}
		if !mmtest.VerifySignature(signed, strconv.FormatInt(ts, 10)) {
			t.Fatalf("fake server refuses %s", signed)
		}
	})
}

func BenchmarkSignAndEncrypt(b *testing.B) {
	key := genKey(b)
	body := []byte(`{"phone":"13800138000","phoneArea":"+86","pwd":"dc483e80a7a0bd9ef71d8cf973673924","country":"CN","registerSource":1,"customerGroupId":1,"tradeTypeCurrencyList":[{"allCurrency":"USDT","tradeType":"1"}]}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		signed, _, err := mmcrypto.Sign(body, 1722093946335)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := mmcrypto.Encrypt(&key.PublicKey, signed); err != nil {
			b.Fatal(err)
		}
	}
}
