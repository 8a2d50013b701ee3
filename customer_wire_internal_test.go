package multimarkets

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"
)

// FuzzRegisterBodyJSON: registerBody's own encoder writes exactly what
// json.Marshal writes, for every field empty or not and any bytes in it.
func FuzzRegisterBodyJSON(f *testing.F) {
	f.Add("13800138000", "+86", "", "CN", "dc483e80a7a0bd9ef71d8cf973673924", 1, int64(1), uint8(1), "USDT")
	f.Add("", "", "a@b.co", "", "", 0, int64(0), uint8(0), "")
	f.Add("<\"x\">&\\", "\u2028\xff", "é\n\t\b\f\x00", "\x7f", "日本", -5, int64(-1<<63), uint8(3), "\xed\xa0\x80")
	f.Fuzz(func(t *testing.T, a, b, c, d, e string, source int, group int64, list uint8, cur string) {
		body := registerBody{Phone: a, PhoneArea: b, Email: c, EmailArea: d, Pwd: e, Country: a + b, RegisterSource: source,
			CustomerGroupID: group, Remark: c + d, RegisterDevice: e, UTMSource: b, UTMMedium: c, UTMCampaign: d, UTMContent: e,
			UTMTerm: a, ThirdServerCode: cur}
		for i := range int(list % 4) {
			body.TradeTypeCurrencyList = append(body.TradeTypeCurrencyList, tradeTypeCurrencyWire{AllCurrency: cur, TradeType: []string{"1", "2", a}[i%3]})
		}
		if list%5 == 4 {
			body.TradeTypeCurrencyList = []tradeTypeCurrencyWire{} // empty, not nil: omitted as well
		}
		want, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		encoded := body.encode()
		got, err := marshalParams(encoded)
		if err != nil || string(got) != string(want) {
			t.Fatalf("encode:\n%s\njson.Marshal:\n%s", got, want)
		}
		if !bytes.ContainsAny(want, `\\`) && cap(encoded) != len(encoded) {
			t.Fatalf("encode: capacity %d for %d bytes without escapes", cap(encoded), len(encoded))
		}
	})
}

// FuzzPhoneAndAreaCode: the hand-written checks accept exactly what the
// documented patterns accept.
func FuzzPhoneAndAreaCode(f *testing.F) {
	areaCode := regexp.MustCompile(`^\+[1-9][0-9]{0,3}$`)
	phone := regexp.MustCompile(`^[0-9]{4,20}$`)
	for _, s := range []string{"", "+", "+0", "+1", "+86", "+8612", "+86123", "86", "+8a", "123", "1234", "12345678901234567890",
		"123456789012345678901", "１２３４", "12 34", "+86\n", "1234\n", "٣٤٥٦"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validAreaCode(s), areaCode.MatchString(s); got != want {
			t.Fatalf("validAreaCode(%q) = %v, pattern %v", s, got, want)
		}
		if got, want := validPhone(s), phone.MatchString(s); got != want {
			t.Fatalf("validPhone(%q) = %v, pattern %v", s, got, want)
		}
	})
}
