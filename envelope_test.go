package multimarkets

import (
	"errors"
	"strings"
	"testing"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeEnvelope(t *testing.T) {
	t.Parallel()
	const op, trace = "op.test", "t-1"
	tests := []struct {
		name        string
		status      int
		ctype       string
		body        string
		wantData    string
		wantCode    ErrorCode
		wantReason  string
		wantIs      []error
		wantExcerpt string
	}{
		{name: "success string data", status: 200, body: `{"msg":"Success","fail":false,"trace":"t-1","code":"0","data":"86021976","bizCode":"","tm":236026513,"msgParams":null,"ok":true}`, wantData: `"86021976"`},
		{name: "success numeric code and tm string", status: 200, body: `{"code":0,"tm":"12","data":{"a":1}}`, wantData: `{"a":1}`},
		{name: "success null data", status: 200, body: `{"code":"0","data":null}`, wantData: `null`},
		{name: "BOM before the envelope", status: 200, body: "\xef\xbb\xbf" + `{"code":"0","data":{"a":1}}`, wantData: `{"a":1}`},
		{name: "code of a million digits", status: 200, body: `{"code":` + strings.Repeat("7", 1_000_000) + `}`, wantReason: "envelope code is neither string nor number"},
		{name: "market success", status: 200, body: `{"ret":200,"msg":"ok","trace":"t-1","data":[1]}`, wantData: `[1]`},
		{name: "market error", status: 200, body: `{"ret":400,"msg":"bad","trace":"t-1"}`, wantCode: "400"},
		{name: "duplicate phone", status: 200, body: `{"code":"USCUSTOMER_API_0000106","msg":"Mobile number already exist","fail":true,"ok":false,"trace":"srv-1"}`,
			wantCode: CodeUSCUSTOMER_API_0000106, wantIs: []error{ErrDuplicatePhone, ErrAlreadyExists}},
		{name: "token expired 017", status: 200, body: `{"code":"GGATEWAY_CODE_017","msg":"Login info is expired"}`, wantCode: CodeGGATEWAY_CODE_017, wantIs: []error{ErrTokenExpired}},
		{name: "rate limited 429 with envelope", status: 429, body: `{"code":"GGATEWAY_CODE_018"}`, wantCode: CodeGGATEWAY_CODE_018, wantIs: []error{ErrRateLimited}},
		{name: "msgParams as string", status: 200, body: `{"code":"FS51025","msg":"No withdrawals within %s minute(s)","msgParams":"5"}`, wantCode: CodeFS51025},
		{name: "html 502", status: 502, ctype: "text/html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>", wantReason: "HTML page instead of JSON",
			wantIs: []error{ErrBadResponse, ErrServerUnavailable}, wantExcerpt: "HTML page titled: 502 Bad Gateway"},
		{name: "empty 503", status: 503, body: "", wantReason: "empty body", wantIs: []error{ErrBadResponse, ErrServerUnavailable}},
		{name: "empty 200", status: 200, body: "  \n", wantReason: "empty body", wantIs: []error{ErrBadResponse}},
		{name: "truncated", status: 200, body: `{"msg":"Success","fail":false,"trace":"`, wantReason: "truncated JSON", wantIs: []error{ErrBadResponse}},
		{name: "truncated after value", status: 200, body: `{"code":"0","data":{"a":[1,2`, wantReason: "truncated JSON"},
		{name: "not json", status: 200, body: `Service Unavailable`, wantReason: "not a JSON object"},
		{name: "json array", status: 200, body: `[1,2]`, wantReason: "not a JSON object"},
		{name: "json without envelope", status: 404, body: `{"timestamp":"2024","status":404,"error":"Not Found","path":"/x"}`, wantReason: "JSON without the MultiMarkets envelope (no code)"},
		{name: "malformed", status: 200, body: `{"code":"0",,}`, wantReason: "malformed envelope"},
		{name: "code object", status: 200, body: `{"code":{"x":1}}`, wantReason: "envelope code is neither string nor number"},
		{name: "success envelope on 500", status: 500, body: `{"code":"0"}`, wantReason: "HTTP error status with a success envelope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := decodeEnvelope(op, trace, tt.status, tt.ctype, []byte(tt.body), nil)
			switch {
			case tt.wantData != "":
				require.NoError(t, err)
				got := string(env.Data)
				if tt.wantData == "null" && got == "" {
					got = "null"
				}
				assert.JSONEq(t, tt.wantData, got)
				return
			case tt.wantCode != "":
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.wantCode, apiErr.Code)
				assert.Equal(t, tt.status, apiErr.HTTPStatus)
				assert.Equal(t, op, apiErr.Operation)
				assert.NotEmpty(t, apiErr.Trace)
			default:
				var rerr *ResponseError
				require.ErrorAs(t, err, &rerr)
				assert.Equal(t, tt.wantReason, rerr.Reason)
				assert.Equal(t, tt.status, rerr.HTTPStatus)
				assert.Equal(t, trace, rerr.Trace)
				assert.True(t, strings.HasPrefix(rerr.Excerpt, tt.wantExcerpt), rerr.Excerpt)
				assert.ErrorIs(t, err, ErrBadResponse)
			}
			for _, target := range tt.wantIs {
				assert.ErrorIs(t, err, target)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	e := &APIError{Operation: "op", HTTPStatus: 200, Code: CodeFS51025, Message: "No withdrawals are allowed within %s minute(s)", MsgParams: []string{"5"}, Trace: "t-9"}
	assert.Equal(t, "No withdrawals are allowed within 5 minute(s)", e.Text())
	assert.Equal(t, `multimarkets: op: FS51025 "No withdrawals are allowed within 5 minute(s)" (trace t-9, HTTP 200)`, e.Error())
	long := &APIError{Operation: "op", Code: CodeUSCUSTOMER_API_0000106, Message: "Mobile 13800138000 already exists", Trace: "t-1"}
	assert.Equal(t, `multimarkets: op: USCUSTOMER_API_0000106 "Mobile ********000 already exists" (trace t-1, HTTP 0)`, long.Error(),
		"the code is shown as is, personal data in the message masked")
	odd := &APIError{Operation: "op", Code: "token=TOKEN-6f1c2a9e44b0 x", Trace: "t\r\nappSecret=APPSECRET-77aa11bb"}
	assert.NotContains(t, odd.Error(), "TOKEN-6f1c2a9e44b0")
	assert.NotContains(t, odd.Error(), "APPSECRET-77aa11bb")
	assert.NotContains(t, odd.Error(), "\n", "a server value cannot break the line")
	// No server message: the documented one.
	e = &APIError{Operation: "op", Code: CodeUSCUSTOMER_API_0000106}
	assert.Equal(t, "Mobile number already exist", e.Text())
	assert.False(t, errors.Is(e, ErrDuplicateEmail))
}

func TestErrorCodeMessages(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Mobile number already exist", CodeUSCUSTOMER_API_0000106.Message())
	assert.Equal(t, "Company asset information does‘t match", CodeUSCUSTOMER_API_0000115.Message(), "\\u2018 is decoded")
	assert.True(t, CodeFS404.Documented())
	assert.False(t, ErrorCode("NOPE").Documented())
	assert.Len(t, documentedMessages, 362, "339 codes of the Manager page and 23 from the other sources")
}

// The codes found outside the Manager API's error page are in the catalogue
// with their documented message.
func TestCatalogueHasEveryDocumentedSource(t *testing.T) {
	t.Parallel()
	for code, msg := range map[ErrorCode]string{
		CodeGGATEWAY_CODE_201:      "Current interface is not open, please contact customer service",
		CodeUS500:                  "System abnormality",
		CodeF999999:                "Illegal request parameters",
		CodeE00003:                 "System error",
		Code500:                    "System error",
		Code300:                    "System error",
		CodeCUSTOMER_API_0000003:   "Data not exist",
		CodeCUSTOMER_API_0000133:   "Fund password has been set",
		CodeCUSTOMER_API_0000148:   "The current link has expired",
		CodeCUSTOMER_API_0000149:   "The current link has been used",
		CodeCUSTOMER_API_0000511:   "Verification code is not correct",
		CodeCUSTOMER_API_0000604:   "Client's KYC authentication is passed",
		CodeCUSTOMER_API_0000701:   "Bank card no exist already",
		CodeCUSTOMER_API_0000706:   "This type of payout address does not exist",
		CodeGGATEWAY_CODE_010:      "Downstream port does not exist",
		CodeUSCUSTOMER_API_0000142: "Your mobile has been bound to another %s account, please try again with another mobile", // the Manager page wins
	} {
		assert.True(t, code.Documented(), code)
		assert.Equal(t, msg, code.Message(), code)
	}
	for _, placeholder := range []ErrorCode{"99", "54", "60", "100"} {
		assert.False(t, placeholder.Documented(), "the export tool's filler %s", placeholder)
	}
}

// A sentinel matches a customer-service code with or without "US".
func TestSentinelsMatchEitherSpelling(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code ErrorCode
		want []error
	}{
		{"USCUSTOMER_API_0000106", []error{ErrDuplicatePhone, ErrAlreadyExists}},
		{"CUSTOMER_API_0000106", []error{ErrDuplicatePhone, ErrAlreadyExists}},
		{"CUSTOMER_API_0000107", []error{ErrDuplicateEmail, ErrAlreadyExists}},
		{"CUSTOMER_API_0000141", []error{ErrDuplicateEmail, ErrAlreadyExists}},
		{"CUSTOMER_API_0000101", []error{ErrAlreadyExists}},
		{CodeCUSTOMER_API_0000003, []error{ErrNotFound}},
		{"CUSTOMER_API_0000303", []error{ErrCustomerGroupMissing}},
		{"CUSTOMER_API_0000502", []error{ErrInvalidRequest}},
		{"CUSTOMER_API_0001029", []error{ErrUnauthorized}},
		{CodeGGATEWAY_CODE_201, []error{ErrUnauthorized}},
		{CodeF999999, []error{ErrInvalidRequest}},
	} {
		e := &APIError{Code: tc.code, HTTPStatus: 200}
		for _, s := range tc.want {
			assert.ErrorIs(t, e, s, tc.code)
		}
		assert.NotErrorIs(t, e, ErrTokenExpired, tc.code)
	}
	// Only the customer service's prefix is completed.
	assert.NotErrorIs(t, &APIError{Code: "XCUSTOMER_API_0000106"}, ErrDuplicatePhone)
	assert.NotErrorIs(t, &APIError{Code: "GATEWAY_CODE_005"}, ErrTokenExpired)
}

func TestExcerptIsPrintable(t *testing.T) {
	t.Parallel()
	got := excerpt([]byte("a\x00b\nc\xffd"+strings.Repeat("x", 500)), 200)
	assert.True(t, strings.HasPrefix(got, "a b c?d"), got)
	assert.LessOrEqual(t, len(got), 200)
}

// FuzzDecodeEnvelope: whatever the body, the decoder returns an envelope or
// one of the two typed errors, never a bare JSON error, and never panics.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range []string{`{"code":"0","data":"1"}`, `{"code":"X","msgParams":[1,"a"]}`, `{"ret":200,"data":{}}`, `<html>`, ``, `{"code":"0"`, `{"tm":"x","code":0}`} {
		f.Add(200, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		env, err := decodeEnvelope("op", "t", status, "", []byte(body), nil)
		if err == nil {
			require.NotEqualValues(t, nil, env, "nil envelope without error")
			return
		}
		var apiErr *APIError
		var rerr *ResponseError
		require.False(t, !errors.As(err, &apiErr) && !errors.As(err, &rerr), "untyped error %T: %v", err, err)
	})
}

func BenchmarkDecodeEnvelope(b *testing.B) {
	body := []byte(`{"msg":"Success","fail":false,"trace":"t-h2jv9x-4to64-9mp4wd7-793nv-1661227305","code":"0","data":"86021976","bizCode":"","tm":236026513,"msgParams":null,"ok":true}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, err := decodeEnvelope("op", "t", 200, "application/json", body, nil)
		require.NoError(b, err)
	}
}

// TestDecodeAnswerOnePass: the common success answers take the one-pass
// reader (decoded), the rest the reference; FuzzDecodeAnswerSame checks
// that both read the same.
func TestDecodeAnswerOnePass(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, tc := range []struct {
		body    string
		onePass bool
	}{
		{`{"msg":"Success","fail":false,"trace":"t","code":"0","data":"86021976","bizCode":"","tm":1,"msgParams":null,"ok":true}`, true},
		{"\xef\xbb\xbf \n{ \"code\" : 0 , \"data\" : \"x\" , \"extra\" : [1, {\"a\": null}] }\n", true},
		{`{"ret":200,"data":"x"}`, true},
		{`{"code":"0"}`, true},
		{`{"code":"0","data":null}`, true},
		{`{"code":"0","data":"a\"b"}`, false},   // an escape: *string takes only plain strings
		{`{"code":"1","data":"x"}`, false},      // a failure
		{`{"Code":"0","data":"x"}`, false},      // another case
		{`{"code":"0","DATA":"x"}`, false},      // another case
		{`{"c\u006fde":"0","data":"x"}`, false}, // an escape in a name
		{`{"code":"0","data":"x","data":"y"}`, false},
		{`{"code":"0","code":"0","data":"x"}`, false},
		{`{"code":"0","ok":1,"data":"x"}`, false},
		{`{"code":"0","data":"x"} {}`, false},
		{`{"code":"0","data":"x",}`, false},
		{`{"code":"0","extra":tru,"data":"x"}`, false},
		{"{\"co\x01de\":\"0\",\"data\":\"x\"}", false},
		{`{"code":"0","data":"x","deep":` + deep(jsonscan.MaxDepth-1) + `}`, true}, // encoding/json's limit
		{`{"code":"0","data":"x","deep":` + deep(jsonscan.MaxDepth) + `}`, false},  // one level past it
		{`{"code":"0","data":12}`, false},
	} {
		var out string
		env, err := decodeAnswer("op", "t", 200, "application/json", []byte(tc.body), nil, &out)
		if err == nil {
			assert.Equal(t, tc.onePass, env.decoded, "%.80q", tc.body)
		} else {
			assert.False(t, tc.onePass, "%.80q: %v", tc.body, err)
		}
	}
}
