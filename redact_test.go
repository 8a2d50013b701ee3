package multimarkets

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Known secret and personal values; none may survive redaction.
var secretValues = []string{
	"TOKEN-6f1c2a9e44b0", "APPSECRET-77aa11bb", "13800138000", "jane.doe@example.com", "6222020200112233445",
	"Jane Roe", "203.0.113.77", "dc483e80a7a0bd9ef71d8cf973673924", "SIGN-0a1b2c3d", "110101199003071234",
}

func assertNoSecrets(t *testing.T, out string, context string) {
	t.Helper()
	for _, s := range secretValues {
		assert.NotContains(t, out, s, "%s: %q leaked in %q", context, s, out)
	}
}

// TestRedactBodyShapes: whatever the shape of a body, secrets never appear
// and personal data is masked.
func TestRedactBodyShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []string // substrings the redacted text must contain
	}{
		{"auth answer with BOM", "\xef\xbb\xbf" + `{"code":"0","data":{"token":"TOKEN-6f1c2a9e44b0","appSecret":"APPSECRET-77aa11bb","name":"ACME"}}`, []string{`"code":"0"`, redacted}},
		{"form-encoded auth answer", `code=0&token=TOKEN-6f1c2a9e44b0&appSecret=APPSECRET-77aa11bb&appId=app-1`, []string{"appId=app-1", "token=" + redacted}},
		{"plain text with pairs", `error: token=TOKEN-6f1c2a9e44b0 appSecret: APPSECRET-77aa11bb phone 13800138000 mail jane.doe@example.com`, []string{"error:", "j***@example.com", "********000"}},
		{"phone as a JSON number", `{"phone":13800138000,"phoneArea":"+86"}`, []string{"********000"}},
		{"e-mail inside an array", `{"code":"0","data":{"list":["jane.doe@example.com","x"]}}`, []string{"j***@example.com"}},
		{"compound keys", `{"mobilePhone":"13800138000","contactEmail":"jane.doe@example.com","bankCardNo":"6222020200112233445","userName":"Jane Roe","loginIp":"203.0.113.77","idNo":"110101199003071234","bankName":"ICBC"}`, []string{"********000", "j***@example.com", `"J***"`, `"I***"`}},
		{"snake and lower-case keys", `{"mobile_phone":"13800138000","contact_email":"jane.doe@example.com","bank_card_no":"6222020200112233445","real_name":"Jane Roe","login_ip":"203.0.113.77","loginpwd":"dc483e80a7a0bd9ef71d8cf973673924"}`, nil},
		{"JSON inside a JSON string", `{"code":"0","data":"{\"token\":\"TOKEN-6f1c2a9e44b0\",\"inner\":\"{\\\"sign\\\":\\\"SIGN-0a1b2c3d\\\"}\"}"}`, []string{`"code":"0"`}},
		{"verification codes", `{"code":"0","data":{"verifyCode":"SIGN-0a1b2c3d","googleCode":"SIGN-0a1b2c3d","currencyCode":"USD"}}`, []string{`"currencyCode":"USD"`}},
		{"code beside sendToken", `{"sendToken":"TOKEN-6f1c2a9e44b0","code":"SIGN-0a1b2c3d"}`, nil},
		{"query string in a value", `{"url":"https://x.example/p?token=TOKEN-6f1c2a9e44b0&a=1"}`, []string{"token=" + redacted}},
		{"HTML proxy page", `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><script>var t="TOKEN-6f1c2a9e44b0"</script></body></html>`, []string{"HTML page titled: 502 Bad Gateway"}},
		{"HTML page whose title has personal data", `<html><title>No account for jane.doe@example.com / 13800138000</title></html>`, []string{"j***@example.com"}},
		{"truncated JSON", `{"token":"TOKEN-6f1c2a9e44b0","appSecret":"APPSECRET-77aa`, []string{"malformed JSON"}},
		{"opaque token in text", `Unauthorized TOKEN-6f1c2a9e44b0-and-more`, []string{"Unauthorized"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, out := range []string{redactBody([]byte(tt.body)), bodyExcerpt([]byte(tt.body))} {
				assertNoSecrets(t, out, tt.name)
				assert.NotContains(t, out, "<script", "markup is never quoted")
			}
			out := redactBody([]byte(tt.body))
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

// TestKeyClasses pins which keys are hidden, masked or shown.
func TestKeyClasses(t *testing.T) {
	t.Parallel()
	for k, want := range map[string]class{
		"token": classSecret, "appSecret": classSecret, "loginPwd": classSecret, "publicKey": classSecret, "sign": classSecret,
		"signStr": classSecret, "signature": classSecret, "loginIp": classSecret, "ip": classSecret, "registerIP": classSecret,
		"idNo": classSecret, "idCard": classSecret, "bankCardNo": classSecret, "verifyCode": classSecret, "smsCode": classSecret,
		"phone": classPersonal, "mobilePhone": classPersonal, "email": classPersonal, "contactEmail": classPersonal,
		"userName": classPersonal, "name": classPersonal, "customer_name": classPersonal, "address": classPersonal, "toUser": classPersonal,
		"bankName": classPersonal,
		"code":     classNone, "currencyCode": classNone, "trace": classNone, "description": classNone, "design": classNone,
		"productName": classNone, "symbolName": classNone, "msg": classNone, "customerNo": classNone, "zip": classNone,
	} {
		assert.Equal(t, want, keyClass(k, false), k)
	}
	assert.Equal(t, classSecret, keyClass("code", true), "code beside sendToken")
}

// FuzzRedactBody: redaction never panics, and known secrets placed under
// secret keys, as personal values or inside nested JSON never appear,
// whatever surrounds them.
func FuzzRedactBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"a":"b"}`, `<html><title>x`, "\xef\xbb\xbf{", `a=b&c=d`, `{"x":"{\"y\":1}"}`, "\xff\xfe", `[[[[`, `{"name":[1,{"a":2}]}`} {
		f.Add([]byte(s), "filler")
	}
	f.Fuzz(func(t *testing.T, body []byte, filler string) {
		_ = redactBody(body)
		_ = bodyExcerpt(body)
		_ = redactText(string(body))

		fill, _ := json.Marshal(filler)
		doc := `{"f":` + string(fill) + `,"token":"TOKEN-6f1c2a9e44b0","list":[` + string(fill) + `,"jane.doe@example.com"],` +
			`"mobilePhone":13800138000,"nested":"{\"appSecret\":\"APPSECRET-77aa11bb\"}","bankCardNo":"6222020200112233445"}`
		out := redactBody([]byte(doc))
		require.NotEmpty(t, out)
		for _, s := range []string{"TOKEN-6f1c2a9e44b0", "APPSECRET-77aa11bb", "13800138000", "jane.doe@example.com", "6222020200112233445"} {
			if strings.Contains(out, s) && !strings.Contains(filler, s) {
				t.Fatalf("%q leaked: %s", s, out)
			}
		}
	})
}
