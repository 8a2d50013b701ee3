package wallet

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonkey"
)

// refFields is the reference reading of a body: encoding/json into a map of
// raw values, each value decoded again by encoding/json. fields must read
// every valid body exactly as it does.
type refFields struct {
	m   map[string]json.RawMessage
	err error
}

func newRefFields(body []byte) (*refFields, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil || m == nil || len(bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, false
	}
	return &refFields{m: m}, true
}

func (f *refFields) text(name string) (string, bool) {
	v, ok := f.m[name]
	snake := jsonkey.Snake(name)
	isNull := func(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }
	if w, ok2 := f.m[snake]; ok2 && snake != name {
		if ok && !bytes.Equal(bytes.TrimSpace(v), bytes.TrimSpace(w)) && !isNull(v) && !isNull(w) {
			f.err = &RequestError{Field: name}
			return "", false
		}
		if !ok || isNull(v) {
			v, ok = w, true
		}
	}
	if !ok || isNull(v) {
		return "", false
	}
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err == nil {
		return n.String(), true
	}
	f.err = &RequestError{Field: name}
	return "", false
}

var decodeNames = []string{"thirdServerCode", "userName", "currency", "bizType", "operationType", "amount",
	"amountDigits", "orderId", "requestUniqueNo", "reverseRequestUniqueNo", "requestTime", "ip", "cancelRemark", "metadata"}

// checkLikeReference fails unless fields reads body as refFields does.
func checkLikeReference(t *testing.T, body []byte) {
	ref, refOK := newRefFields(body)
	f, err := newFields(body)
	if err != nil {
		// Refused before reading: too large, not UTF-8, a lone surrogate, or not one JSON object.
		if refOK {
			var re *RequestError
			require.ErrorAs(t, err, &re)
			assert.Contains(t, []string{"body too large", "body is not valid UTF-8",
				"body holds a \\u escape of a lone UTF-16 surrogate"}, re.Reason, "refused a body encoding/json reads: %q", body)
		}
		return
	}
	require.True(t, refOK, "read a body encoding/json refuses: %q", body)
	for _, name := range decodeNames {
		want, wantOK := ref.text(name)
		got, gotOK := f.text(name)
		assert.Equal(t, wantOK, gotOK, "%s in %q", name, body)
		assert.Equal(t, want, got, "%s in %q", name, body)
		assert.Equal(t, ref.err == nil, f.err == nil, "%s in %q", name, body)
	}
}

var decodeSeeds = []string{
	validAdjust,
	`{}`,
	` { "userName" : "a" , "currency":"USD" } `,
	"{\n\t\"userName\":\r\n\"a\"}",
	`{"userName":"a","userName":"b"}`,
	`{"user\u004eame":"escaped key","currency":"\u0055SD"}`,
	`{"userName":"tab\tand \"quote\" and \\ and \u00e9 and \ud83d\ude00"}`,
	`{"userName":null,"user_name":"snake"}`,
	`{"userName":"camel","user_name":null}`,
	`{"userName":"same","user_name":"same"}`,
	`{"userName":"a","user_name":"b"}`,
	`{"orderId":"42","order_id":42}`,
	`{"amount":-1.5e3,"amountDigits":2}`,
	`{"amount":0,"bizType":true}`,
	`{"metadata":{"nested":["x",{"y":"}]\""}]},"userName":"after nested"}`,
	`{"metadata":[1,2,[3]],"ip":"::1"}`,
	`{"ip":false,"currency":null}`,
	`{"userName":"é","currency":"\u20ac"}`,
	`{"a":{},"b":[],"c":"","userName":""}`,
}

func TestFieldsReadsLikeEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, body := range decodeSeeds {
		checkLikeReference(t, []byte(body))
	}
}

func FuzzFieldsReadsLikeEncodingJSON(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkLikeReference(t, body) })
}

// TestDecodeRefusesTrailingBrackets: a stray closing bracket after the
// object is trailing data; json.Decoder's More() let it through.
func TestDecodeRefusesTrailingBrackets(t *testing.T) {
	t.Parallel()
	for _, tail := range []string{"]", "}", " ] ", "}}"} {
		_, err := DecodeAdjustment([]byte(validAdjust + tail))
		var re *RequestError
		require.ErrorAs(t, err, &re, "tail %q", tail)
		assert.Equal(t, "trailing data after JSON object", re.Reason)
	}
	_, err := DecodeAdjustment([]byte(strings.TrimSpace(validAdjust) + " \n"))
	require.NoError(t, err, "trailing white space is fine")
}

// TestDecodeHostileBodiesAreBounded: a body of thousands of long keys costs
// a bounded number of allocations however many fields are looked up, and
// nesting past encoding/json's limit is refused. (Not parallel:
// AllocsPerRun forbids it.)
func TestDecodeHostileBodiesAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"userName":"u1"`)
	for b.Len() < maxBodyBytes-100 {
		b.WriteString(`,"` + strings.Repeat("k", 40) + `":1`)
	}
	b.WriteString(`}`)
	many := []byte(b.String())
	require.LessOrEqual(t, len(many), maxBodyBytes)
	allocs := testing.AllocsPerRun(5, func() {
		_, err := DecodeAdjustment(many)
		require.Error(t, err)
	})
	assert.Less(t, allocs, 64.0, "allocations do not grow with the number of keys looked through")

	deep := []byte(`{"metadata":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`)
	_, err := DecodeAdjustment(deep)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "body is not a JSON object", re.Reason)
}
