package multimarkets

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
)

// envelope is the MultiMarkets answer: {code, msg, ok, fail, data, trace,
// bizCode, msgParams, tm}, or for market data {ret, msg, trace, data}.
type envelope struct {
	Code ErrorCode
	Msg  string
	// decoded says that data was already decoded into the call's result
	// (decodeAnswer); Data is then nil.
	decoded   bool
	OK        bool
	Fail      bool
	Data      json.RawMessage
	Trace     string
	BizCode   string
	MsgParams []string
	Tm        int64

	sentTrace string
	status    int
}

// wireEnvelope reads the envelope's fields loosely, in one pass over the
// body: the spec gives code as a string but tm and msgParams in several
// types, and servers drift. Each loose field decodes itself from the bytes
// encoding/json hands it (no copy, no second parse); only data is kept raw,
// for the typed decode of the caller's result.
type wireEnvelope struct {
	Code      envCode         `json:"code"`
	Ret       envRet          `json:"ret"`
	Msg       envText         `json:"msg"`
	OK        *bool           `json:"ok"`
	Fail      *bool           `json:"fail"`
	Data      json.RawMessage `json:"data"`
	Trace     envText         `json:"trace"`
	BizCode   envText         `json:"bizCode"`
	MsgParams envParams       `json:"msgParams"`
	Tm        envTm           `json:"tm"`
}

// envText is a string-or-number envelope field; anything else is "".
type envText string

// UnmarshalJSON never fails: an unreadable value is "".
func (t *envText) UnmarshalJSON(b []byte) error { *t = envText(flexText(b)); return nil }

// envCode is the code field: set when present and not null, with the
// error of a value that is neither string nor number.
type envCode struct {
	set  bool
	code FlexString
	err  error
}

// UnmarshalJSON records the code or why it cannot be read; it never fails,
// so that the envelope's other fields are still read.
func (c *envCode) UnmarshalJSON(b []byte) error {
	*c = envCode{}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	c.set = true
	c.err = c.code.UnmarshalJSON(b)
	return nil
}

// envRet is the market-data ret field, like envCode.
type envRet struct {
	set bool
	ret int64
	err error
}

// UnmarshalJSON records ret or why it cannot be read; it never fails.
func (r *envRet) UnmarshalJSON(b []byte) error {
	*r = envRet{}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	r.set = true
	r.ret, r.err = decodeFlexInt(b)
	return nil
}

// envParams is msgParams (see decodeMsgParams).
type envParams []string

// UnmarshalJSON never fails.
func (p *envParams) UnmarshalJSON(b []byte) error { *p = decodeMsgParams(b); return nil }

// envTm is tm; an unreadable value is 0.
type envTm int64

// UnmarshalJSON never fails.
func (t *envTm) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	if err != nil {
		n = 0
	}
	*t = envTm(n)
	return nil
}

// decodeEnvelope turns one HTTP answer into an envelope or a typed error. It
// never returns a bare encoding/json error: whatever the body is, the error is
// an *APIError (a readable envelope with a failure code) or a *ResponseError
// (status, reason and an excerpt of the body).
func decodeEnvelope(op, trace string, status int, contentType string, body []byte, rl *RateLimit) (*envelope, error) {
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
	case isHTML(trimmed) || containsFoldHTML(contentType):
		return bad("HTML page instead of JSON", nil)
	case trimmed[0] != '{':
		return bad("not a JSON object", nil)
	}
	var w wireEnvelope
	if err := json.Unmarshal(trimmed, &w); err != nil {
		var syn *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syn) && syn.Offset >= int64(len(trimmed))) || !json.Valid(trimmed) && endsEarly(trimmed) {
			return bad("truncated JSON", err)
		}
		return bad("malformed envelope", err)
	}
	env := w.envelope()
	success := false
	switch {
	case w.Code.set:
		if w.Code.err != nil {
			return bad("envelope code is neither string nor number", w.Code.err)
		}
		env.Code = ErrorCode(w.Code.code)
		success = w.Code.code == "0"
	case w.Ret.set:
		// Market data: integer ret, 200 = success; other values are errors
		// whose code is the number.
		if w.Ret.err != nil {
			return bad("envelope ret is not an integer", w.Ret.err)
		}
		env.Code = "0"
		if w.Ret.ret != 200 {
			env.Code = ErrorCode(strconv.FormatInt(w.Ret.ret, 10))
		}
		success = w.Ret.ret == 200
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

// envelope makes the envelope of the fields read (Code is set by the caller).
func (w *wireEnvelope) envelope() *envelope {
	env := &envelope{Msg: string(w.Msg), Data: w.Data, Trace: string(w.Trace), BizCode: string(w.BizCode),
		MsgParams: w.MsgParams, Tm: int64(w.Tm)}
	if w.OK != nil {
		env.OK = *w.OK
	}
	if w.Fail != nil {
		env.Fail = *w.Fail
	}
	return env
}

// decodeAnswer is decodeEnvelope for a call whose result into (a pointer)
// is known: a success answer is read, envelope and data, in one pass over
// the body (decodeSuccessInto; env.decoded), as fast as a hand-written
// client decoding into one struct. Anything else (an error envelope, data
// of another shape, a body out of the ordinary) resets *into to its zero
// value and takes decodeEnvelope and decodeInto, the reference, so errors
// and unusual bodies are exactly theirs (FuzzDecodeAnswerSame compares
// both). into == nil is decodeEnvelope.
func decodeAnswer(op, trace string, status int, contentType string, body []byte, rl *RateLimit, into any) (*envelope, error) {
	if into != nil {
		if env := decodeSuccessInto(status, contentType, body, into); env != nil {
			return env, nil
		}
		v := reflect.ValueOf(into).Elem()
		v.SetZero()
	}
	return decodeEnvelope(op, trace, status, contentType, body, rl)
}

// decodeSuccessInto returns the envelope of a 2xx success answer whose data
// decoded into into, and nil for anything else. It reads the body with
// jsonscan, without encoding/json's reflection over the envelope, and uses
// the fields' own decoders (envCode, envText, …) on their values.
func decodeSuccessInto(status int, contentType string, body []byte, into any) *envelope {
	if status < 200 || status > 299 || containsFoldHTML(contentType) {
		return nil
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), utf8BOM))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil
	}
	// The members' values, found in one walk that also checks them: data
	// by its decode below, every other value here, so the body is read as
	// valid JSON exactly when json.Valid would say so (a member name with a
	// control byte, a value nested one level short of encoding/json's depth
	// limit and trailing bytes are left to the reference). A member named
	// other than exactly as documented (escapes, non-ASCII, another case,
	// which encoding/json would still match) or given twice is left to the
	// reference too, as is every value a field does not take.
	var code, ret, msg, ok, fail, data, trace, bizCode, msgParams, tm []byte
	if jsonscan.WalkObject(trimmed, 0, func(name []byte, i int) int {
		for _, c := range name {
			if c < 0x20 {
				return -1
			}
		}
		end, depth := jsonscan.SkipValueDepth(trimmed, i)
		if depth >= jsonscan.MaxDepth {
			return -1
		}
		value := trimmed[i:end:end]
		var slot *[]byte
		switch string(name) {
		case "code":
			slot = &code
		case "ret":
			slot = &ret
		case "msg":
			slot = &msg
		case "ok":
			slot = &ok
		case "fail":
			slot = &fail
		case "data":
			if data != nil {
				return -1
			}
			data = value // checked by its decode
			return end
		case "trace":
			slot = &trace
		case "bizCode":
			slot = &bizCode
		case "msgParams":
			slot = &msgParams
		case "tm":
			slot = &tm
		default:
			if envelopeMember(name) {
				return -1
			}
		}
		if valid, _ := jsonscan.Valid(value); !valid || slot != nil && *slot != nil {
			return -1
		}
		if slot != nil {
			*slot = value
		}
		return end
	}) != len(trimmed) {
		return nil
	}

	switch {
	case code != nil && string(code) != "null":
		var c envCode
		if c.UnmarshalJSON(code); c.err != nil || c.code != "0" {
			return nil
		}
	case ret != nil && string(ret) != "null":
		var r envRet
		if r.UnmarshalJSON(ret); r.err != nil || r.ret != 200 {
			return nil
		}
	default:
		return nil
	}
	env := &envelope{Code: "0", decoded: true}
	if !envBool(ok, &env.OK) || !envBool(fail, &env.Fail) {
		return nil
	}
	if data != nil && string(data) != "null" {
		// The value is checked here: PlainString takes only a valid JSON
		// string, json.Unmarshal only a valid JSON value. For a result that
		// decodes itself, json.Unmarshal would check the value and hand it
		// to its UnmarshalJSON as is; that is done directly.
		switch out := into.(type) {
		case *string:
			v, plain := jsonscan.PlainString(data)
			if !plain {
				return nil
			}
			*out = v
		case json.Unmarshaler:
			if valid, _ := jsonscan.Valid(data); !valid || out.UnmarshalJSON(data) != nil {
				return nil
			}
		default:
			if json.Unmarshal(data, into) != nil {
				return nil
			}
		}
	}
	// The same readers as wireEnvelope's fields (envText, envParams, envTm).
	if msg != nil {
		env.Msg = flexText(msg)
	}
	if trace != nil {
		env.Trace = flexText(trace)
	}
	if bizCode != nil {
		env.BizCode = flexText(bizCode)
	}
	if msgParams != nil {
		env.MsgParams = decodeMsgParams(msgParams)
	}
	if tm != nil {
		var t envTm
		t.UnmarshalJSON(tm)
		env.Tm = int64(t)
	}
	return env
}

// envelopeMember reports whether name is a documented envelope member in
// another case: encoding/json would read it into that member.
func envelopeMember(name []byte) bool {
	for _, m := range [...]string{"code", "ret", "msg", "ok", "fail", "data", "trace", "bizCode", "msgParams", "tm"} {
		if bytes.EqualFold(name, []byte(m)) {
			return true
		}
	}
	return false
}

// envBool reads ok or fail as encoding/json reads the *bool of
// wireEnvelope: absent or null leaves it false; false if the value is not
// a boolean.
func envBool(raw []byte, p *bool) bool {
	switch string(raw) {
	case "", "null":
		return true
	case "true", "false":
		*p = raw[0] == 't'
		return true
	}
	return false
}

// containsFoldHTML reports whether a Content-Type names HTML, in any case.
func containsFoldHTML(contentType string) bool {
	for i := 0; i+4 <= len(contentType); i++ {
		if strings.EqualFold(contentType[i:i+4], "html") {
			return true
		}
	}
	return false
}

// flexText reads a string-or-number envelope field; anything else is "".
// Plain strings (the common case) are sliced without a second decode.
func flexText(raw []byte) string {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : n-1])
	}
	var s FlexString
	if err := s.UnmarshalJSON(raw); err != nil {
		return ""
	}
	return string(s)
}

// endsEarly reports whether a JSON text stops before its brackets close,
// which is what a cut-off answer looks like.
func endsEarly(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			return errors.Is(err, io.ErrUnexpectedEOF) || dec.InputOffset() >= int64(len(b))
		}
	}
}

// decodeMsgParams accepts null, "a,b", ["a","b"] and [1,2].
func decodeMsgParams(raw json.RawMessage) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var list []FlexString
	if err := json.Unmarshal(raw, &list); err == nil {
		out := make([]string, len(list))
		for i, v := range list {
			out[i] = string(v)
		}
		return out
	}
	var s FlexString
	if err := json.Unmarshal(raw, &s); err == nil && s != "" {
		return strings.Split(string(s), ",")
	}
	return []string{string(raw)}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
