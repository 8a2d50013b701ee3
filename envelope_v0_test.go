package multimarkets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
)

// The envelope decoder as it was before issue 14's single-pass rewrite,
// kept here only as the reference of FuzzDecodeEnvelopeSame.

// wireEnvelopeV0 reads the envelope's fields loosely: the spec gives code as a
// string but tm and msgParams in several types, and servers drift.
type wireEnvelopeV0 struct {
	Code      json.RawMessage `json:"code"`
	Ret       json.RawMessage `json:"ret"`
	Msg       json.RawMessage `json:"msg"`
	OK        *bool           `json:"ok"`
	Fail      *bool           `json:"fail"`
	Data      json.RawMessage `json:"data"`
	Trace     json.RawMessage `json:"trace"`
	BizCode   json.RawMessage `json:"bizCode"`
	MsgParams json.RawMessage `json:"msgParams"`
	Tm        json.RawMessage `json:"tm"`
}

// decodeEnvelope turns one HTTP answer into an envelope or a typed error. It
// never returns a bare encoding/json error: whatever the body is, the error is
// an *APIError (a readable envelope with a failure code) or a *ResponseError
// (status, reason and an excerpt of the body).
func decodeEnvelopeV0(op, trace string, status int, contentType string, body []byte, rl *RateLimit) (*envelope, error) {
	bad := func(reason string, err error) (*envelope, error) {
		return nil, &ResponseError{Operation: op, HTTPStatus: status, Trace: trace, Reason: reason,
			Excerpt: bodyExcerpt(body), RateLimit: rl, Err: err}
	}
	// A UTF-8 byte-order mark before the JSON is tolerated, as Java
	// servers behind some proxies send one.
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), utf8BOM))
	switch {
	case len(trimmed) == 0:
		return bad("empty body", nil)
	case isHTML(trimmed) || strings.Contains(strings.ToLower(contentType), "html"):
		return bad("HTML page instead of JSON", nil)
	case trimmed[0] != '{':
		return bad("not a JSON object", nil)
	}
	var w wireEnvelopeV0
	if err := json.Unmarshal(trimmed, &w); err != nil {
		var syn *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syn) && syn.Offset >= int64(len(trimmed))) || !json.Valid(trimmed) && endsEarly(trimmed) {
			return bad("truncated JSON", err)
		}
		return bad("malformed envelope", err)
	}
	env := &envelope{Msg: flexText(w.Msg), Data: w.Data, Trace: flexText(w.Trace), BizCode: flexText(w.BizCode)}
	env.MsgParams = decodeMsgParams(w.MsgParams)
	if n, err := decodeFlexInt(w.Tm); err == nil {
		env.Tm = n
	}
	if w.OK != nil {
		env.OK = *w.OK
	}
	if w.Fail != nil {
		env.Fail = *w.Fail
	}
	success := false
	switch {
	case len(w.Code) > 0 && string(w.Code) != "null":
		var code FlexString
		if err := json.Unmarshal(w.Code, &code); err != nil {
			return bad("envelope code is neither string nor number", err)
		}
		env.Code = ErrorCode(code)
		success = code == "0"
	case len(w.Ret) > 0 && string(w.Ret) != "null":
		// Market data: integer ret, 200 = success; other values are errors
		// whose code is the number.
		ret, err := decodeFlexInt(w.Ret)
		if err != nil {
			return bad("envelope ret is not an integer", err)
		}
		env.Code = "0"
		if ret != 200 {
			env.Code = ErrorCode(strconv.FormatInt(ret, 10))
		}
		success = ret == 200
	default:
		return bad("JSON without the MultiMarkets envelope (no code)", nil)
	}
	if !success {
		return nil, &APIError{Operation: op, HTTPStatus: status, Code: env.Code, Message: env.Msg,
			MsgParams: env.MsgParams, Trace: firstNonEmpty(env.Trace, trace), BizCode: env.BizCode, RateLimit: rl}
	}
	if status < 200 || status > 299 {
		return bad("HTTP error status with a success envelope", nil)
	}
	return env, nil
}

// FuzzDecodeEnvelopeSame: the single-pass decoder returns what the
// multi-pass one did, field for field and error for error.
func FuzzDecodeEnvelopeSame(f *testing.F) {
	for _, s := range []string{`{"code":"0","data":"1"}`, `{"code":"X","msgParams":[1,"a"]}`, `{"ret":200,"data":{}}`, `<html>`, ``,
		`{"code":"0"`, `{"tm":"x","code":0}`, `{"code":"0","msg":"\u00e9\\n","trace":12,"bizCode":null,"tm":"12","ok":true,"fail":false}`,
		`{"code":{},"msg":[1]}`, `{"code":null,"ret":"201","msgParams":"a,b"}`, `{"code":"0","ok":"yes"}`, `{"CODE":"1","Code":"0","tm":1.5e3}`,
		"{\"code\":\"0\",\"msg\":\"\xff\"}", `{"ret":1e400}`, `{"code":"0","msgParams":{"a":1}}`, `{"code":"0","tm":" 7 "}`} {
		f.Add(200, s)
	}
	norm := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%T %s", err, strings.ReplaceAll(err.Error(), "wireEnvelopeV0", "wireEnvelope"))
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		env, err := decodeEnvelope("op", "t", status, "", []byte(body), nil)
		env0, err0 := decodeEnvelopeV0("op", "t", status, "", []byte(body), nil)
		if norm(err) != norm(err0) {
			t.Fatalf("error %s, was %s", norm(err), norm(err0))
		}
		if !reflect.DeepEqual(env, env0) {
			t.Fatalf("envelope %+v, was %+v", env, env0)
		}
	})
}

// FuzzFlexSame: the allocation-free fast paths of FlexString, FlexInt64 and
// the envelope's text fields read what the full decode reads.
func FuzzFlexSame(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"é"`, "\"\xff\"", `12`, `-12`, `"12"`, `""`, `"-"`, `"+1"`, `" 7 "`, `1.0`, `1e2`,
		`123456789012345678`, `1234567890123456789`, `99999999999999999999`, `"\t"`, `null`, `"-0"`, `"0012"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if v, ok := jsonscan.PlainString(b); ok {
			var want string
			if err := json.Unmarshal(b, &want); err != nil || want != v {
				t.Fatalf("PlainString(%q) = %q, decode gives %q, %v", s, v, want, err)
			}
		}
		if v, ok := plainInt(b); ok {
			str := string(b)
			if len(b) >= 2 && b[0] == '"' {
				if err := json.Unmarshal(b, &str); err != nil {
					t.Fatalf("plainInt accepted %q: %v", s, err)
				}
			}
			if str == "" {
				if v != 0 {
					t.Fatalf("plainInt(%q) = %d", s, v)
				}
				return
			}
			want, err := strconv.ParseInt(str, 10, 64)
			if err != nil || want != v {
				t.Fatalf("plainInt(%q) = %d, ParseInt gives %d, %v", s, v, want, err)
			}
		}
	})
}

// FuzzDecodeAnswerSame: the single pass of envelope and data (decodeAnswer)
// gives the result and error that decodeEnvelope then decodeInto give.
func FuzzDecodeAnswerSame(f *testing.F) {
	for _, s := range []string{`{"code":"0","data":"1"}`, `{"code":"0","data":12}`, `{"code":"0","data":{"a":1}}`, `{"code":"0","data":null}`,
		`{"code":"0"}`, `{"code":"X","data":"1"}`, `{"ret":200,"data":{"records":[{"id":"7","customerNo":8}]}}`,
		`{"code":"0","data":{"current":1,"size":"2","total":3,"records":[{"id":1,"phone":"1","createTime":"5"},null]}}`,
		`{"code":"0","data":{"records":"x"}}`, `{"code":"0","data":[1,2]}`, `{"code":"0","data":{"records":[{"id":{}}]}}`, `<html>`,
		// the one-pass reader's corners: names only case-insensitively
		// equal, escaped or given twice, loose fields, spacing, trailing data
		`{"Code":"0","data":"1"}`, `{"code":"0","DATA":"1"}`, `{"code":"0","data":"1","data":"2"}`, `{"c\u006fde":"0","data":"1"}`,
		`{"code":"0","ok":1,"data":"1"}`, `{"code":"0","ok":null,"fail":true,"data":"\u00e9"}`, ` { "code" : 0 , "data" : "x" } `,
		`{"code":"0","data":"1"} x`, "\xef\xbb\xbf{\"code\":\"0\",\"data\":\"1\"}", `{"ret":200,"code":null,"data":"1"}`,
		`{"code":"0","msgParams":[1,"a"],"tm":"12","trace":5,"bizCode":null,"msg":"\u00e9","data":{"records":[]}}`,
		"{\"code\":\"0\",\"data\":\"caf\xc3\xa9\",\"msg\":\"\xff\"}", `{"code":"0","tm":1.5,"data":"1"}`, `{"code":"0","ſata":"1"}`} {
		f.Add(200, s)
	}
	for _, n := range []int{jsonscan.MaxDepth - 1, jsonscan.MaxDepth} { // encoding/json's depth limit, and one past
		f.Add(200, `{"code":"0","data":`+strings.Repeat("[", n)+strings.Repeat("]", n)+`}`)
		f.Add(200, `{"code":"0","x":`+strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n)+`,"data":"1"}`)
	}
	norm := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%T %s", err, err.Error())
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		check := func(op *operation, newOut func() any) {
			got := newOut()
			env, err := decodeAnswer(op.Name, "t", status, "", []byte(body), nil, got)
			if err == nil && !env.decoded {
				err = env.decodeInto(op, got)
			}
			want := newOut()
			env0, err0 := decodeEnvelope(op.Name, "t", status, "", []byte(body), nil)
			if err0 == nil {
				err0 = env0.decodeInto(op, want)
			}
			if norm(err) != norm(err0) {
				t.Fatalf("%T: error %s, was %s", got, norm(err), norm(err0))
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%T: result %+v, was %+v", got, got, want)
			}
			if err == nil {
				e, e0 := *env, *env0
				e.decoded, e.Data, e0.Data = false, nil, nil
				if !reflect.DeepEqual(e, e0) {
					t.Fatalf("%T: envelope %+v, was %+v", got, e, e0)
				}
			}
		}
		check(opCustomerPage, func() any { return new(customerPageData) })
		check(opRegister, func() any { return new(FlexString) })
		check(opCustomerPage, func() any { return new(map[string]any) })
		check(opCustomerPage, func() any { return new(*customerPageData) })
		check(opRegister, func() any { return new(string) })
	})
}
