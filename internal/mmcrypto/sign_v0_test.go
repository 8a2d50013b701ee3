package mmcrypto

import (
	"encoding/json"
	"strconv"
	"testing"
)

// signV0 is Sign as it was before issue 14 (two marshals and a re-parse),
// the reference of FuzzSignSame.
func signV0(body []byte, ts int64, r Reader) ([]byte, string, error) {
	fields, err := objectFields(body)
	if err != nil {
		return nil, "", err
	}
	fields["timestamp"] = json.RawMessage(strconv.FormatInt(ts, 10))
	delete(fields, "signature")
	withTS, err := json.Marshal(fields)
	if err != nil {
		return nil, "", err
	}
	c, err := SigningString(withTS, ts, r)
	if err != nil {
		return nil, "", err
	}
	sig := Signature(c)
	fields["signature"] = json.RawMessage(strconv.Quote(sig))
	out, err := json.Marshal(fields)
	return out, sig, err
}

// FuzzSignSame: Sign sends the same bytes and signature as before.
func FuzzSignSame(f *testing.F) {
	f.Add(`{"parentCode":"USDT"}`, int64(1722093946335))
	f.Add(`{"a":1,"b":2.50,"c":"3","d":null,"e":[1],"f":{"g":1}}`, int64(11111131331))
	f.Add(`{"x":"+86 & = %<>","signature":"x","timestamp":"1"}`, int64(0))
	f.Add("{\"\xff\":\"\xfe\",\"u\":\"\u2028\",\"n\":1e400}", int64(-1))
	f.Fuzz(func(t *testing.T, body string, ts int64) {
		for _, r := range []Reader{Double, BigDecimal} {
			out, sig, err := Sign([]byte(body), ts, r)
			out0, sig0, err0 := signV0([]byte(body), ts, r)
			if (err == nil) != (err0 == nil) || err != nil && err.Error() != err0.Error() {
				t.Fatalf("error %v, was %v", err, err0)
			}
			if string(out) != string(out0) || sig != sig0 {
				t.Fatalf("signed %s %s, was %s %s", out, sig, out0, sig0)
			}
		}
	})
}
