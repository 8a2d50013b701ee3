package multimarkets

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
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
	case isHTML(trimmed) || strings.Contains(strings.ToLower(contentType), "html"):
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

// wireEnvelopeInto is the envelope with data decoded straight into the
// call's result, which Data points to.
type wireEnvelopeInto struct {
	wireEnvelope
	Data any `json:"data"`
}

// decodeAnswer is decodeEnvelope for a call whose result into (a pointer)
// is known: a success answer is decoded, envelope and data, in a single
// pass over the body (env.decoded), as a hand-written client decodes into
// one struct. Anything else (an error envelope, data of another shape, a
// malformed body) resets *into to its zero value and takes decodeEnvelope
// and decodeInto, so errors are exactly theirs. into == nil is
// decodeEnvelope.
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
// decoded into into, and nil for anything else.
func decodeSuccessInto(status int, contentType string, body []byte, into any) *envelope {
	if status < 200 || status > 299 || strings.Contains(strings.ToLower(contentType), "html") {
		return nil
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), utf8BOM))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil
	}
	w := wireEnvelopeInto{Data: into}
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return nil
	}
	switch {
	case w.Code.set:
		if w.Code.err != nil || w.Code.code != "0" {
			return nil
		}
	case w.Ret.set:
		if w.Ret.err != nil || w.Ret.ret != 200 {
			return nil
		}
	default:
		return nil
	}
	env := w.wireEnvelope.envelope()
	env.Code, env.decoded = "0", true
	return env
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
