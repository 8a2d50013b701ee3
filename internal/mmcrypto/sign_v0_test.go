package mmcrypto

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// plainNumbersV0 is PlainNumbers as it was before issue 14 (always a copy).
func plainNumbersV0(body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body))
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
			out = append(out, body[i:j+1]...)
			i = j + 1
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(body) && strings.IndexByte("0123456789.eE+-", body[j]) >= 0 {
				j++
			}
			p, err := PlainNumber(string(body[i:j]))
			if err != nil {
				return nil, fmt.Errorf("mmcrypto: %w", err)
			}
			out = append(out, p...)
			i = j
		default:
			out = append(out, c)
			i++
		}
	}
	return out, nil
}

// FuzzPlainNumbersSame: PlainNumbers writes what it wrote before.
func FuzzPlainNumbersSame(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":-0,"c":007,"d":1.50,"e":"1.0","f":[1e3,0,-12]}`, `{"x":"\"1.0"}`, `-0`, `0`, `10`, `"`, `1e99999`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got, err := PlainNumbers([]byte(body))
		want, err0 := plainNumbersV0([]byte(body))
		if (err == nil) != (err0 == nil) || err != nil && err.Error() != err0.Error() || string(got) != string(want) {
			t.Fatalf("%q: %q %v, was %q %v", body, got, err, want, err0)
		}
	})
}
