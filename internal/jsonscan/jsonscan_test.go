package jsonscan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corner are documents whose reading must match encoding/json's exactly:
// the envelope and message shapes the SDK reads, spaced, escaped,
// duplicated, cut off and otherwise out of the ordinary.
var corner = []string{
	`{"code":"0","msg":"Success","ok":true,"fail":false,"data":"86021976","trace":"t","bizCode":"","tm":1,"msgParams":null}`,
	` { "code" : 0 , "data" : { "records" : [ { "id" : 1 } ] } } `, `{"ret":200,"data":[[1,2.5,-3e2]]}`,
	`{"eventType":"kyc","data":{"id":"1","customerNo":"86 000"}}`, `{"\u0063ode":"0"}`, `{"code":"\u00e9\n\"\\"}`,
	"{\"msg\":\"\xff\"}", "{\"msg\":\"caf\xc3\xa9\"}", "{\"msg\":\"a\x01\"}", `{"code":"0"`, `{"code":"0"}}`, `{"code":"0"} x`,
	`{"code":"0",}`, `{"code" "0"}`, `{"data":{"a":[1,{"b":null}]},"data":2}`, `[{"a":{}},[],""]`,
	`{"a":true,"b":false,"c":null,"d":-0.5e+3,"e":1E400}`, `{"a":tru}`, `{"a":nulls}`, `{"a":-}`, `{"a":01}`, `{"a":"\ud800"}`,
}

func TestValidJSONMatchesEncodingJSON(t *testing.T) {
	deep := func(n int, open, close string) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	cases := []string{
		``, ` `, ` 0`, `0 `, `[1, 2]`, `{`, `}`, `[`, `]`, `{}`, `[]`, ` {} `, `{} {}`, `[1,]`, `[,1]`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{1:2}`,
		`{"a":1 "b":2}`, `{"a":[1,{"b":null}],"c":"d"}`, `"\u00e9\n\"\\\/\b\f\r\t"`, `"\u00g0"`, `"\x"`, `"\u12"`, "\"\x01\"", "\"\xff\"",
		`0`, `-0`, `01`, `-`, `1.`, `.5`, `1.5e`, `1.5e+`, `1.5E-7`, `+1`, `1e400`, `tru`, `true`, `truex`, `nul`, `null `, `falsey`,
		deep(MaxDepth, "[", "]"), deep(MaxDepth+1, "[", "]"), deep(MaxDepth-1, `{"a":`, "}") + "", `[` + deep(MaxDepth, "[", "]") + `]`,
		strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth),
		strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1),
	}
	cases = append(cases, corner...)
	for _, s := range cases {
		valid, spaced := Valid([]byte(s))
		assert.Equal(t, json.Valid([]byte(s)), valid, "%.80q", s)
		if valid && !spaced {
			var c bytes.Buffer
			require.NoError(t, json.Compact(&c, []byte(s)))
			assert.Equal(t, s, c.String(), "not spaced, so compact")
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range corner {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		valid, spaced := Valid(b)
		if json.Valid(b) != valid {
			t.Fatalf("%q: json.Valid %v", b, json.Valid(b))
		}
		var c bytes.Buffer
		if valid && !spaced && (json.Compact(&c, b) != nil || !bytes.Equal(c.Bytes(), b)) {
			t.Fatalf("%q: not spaced but not compact", b)
		}
	})
}

// FuzzAppendString: AppendString writes what json.Marshal writes.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "abc", `a"b\c`, "\b\f\n\r\t\x00\x1f\x7f", "<a href='x'>&amp;</a>", "\u2028\u2029\u2027",
		"caf\xc3\xa9", "\xff\xfe", "\xe2\x80", "\xed\xa0\x80", "日本語", "\U0001F600", "a\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		got := AppendString([]byte("x"), s)
		if string(got) != "x"+string(want) {
			t.Fatalf("AppendString(%q) = %s, json.Marshal %s", s, got[1:], want)
		}
	})
}
