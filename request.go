package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/google/uuid"

	"github.com/multimarkets-sdk/multimarkets-go/internal/mmcrypto"
)

// operation describes one API operation: where it goes and whether it may be
// resent. Every service method names one of the operations in operations.go.
type operation struct {
	// Name is the bizType (for market data, the path), used in errors and logs.
	Name string
	// Path is the request path below the base URL; Name when empty.
	Path string
	// Market marks the GET market-data operations: token and query in the
	// URL, {ret, msg, trace, data} envelope.
	Market bool
	// MarketBody marks the market operations whose spec lists only the
	// token query parameter and takes {"trace":…,"data":{…}} as a JSON body
	// of the GET request (batch K-lines).
	MarketBody bool
	// ReadOnly marks operations that change nothing on the server
	// (queries, and the token exchanges), so they may be resent. Every
	// other operation is a write: never resent once it may have reached
	// the server. A new operation is thus safe by default.
	ReadOnly bool
	// Group is sent in the group header when set ("tradeApi").
	Group string
	// NoToken marks the authorization call itself.
	NoToken bool
	// Plain marks operations that are never encrypted (authorization).
	Plain bool
	// ClientAPI marks trading-client API operations (login), sent to the
	// client API's base URL (…/api) instead of the Manager API's.
	ClientAPI bool
	// Hints are the SDK's advice for error codes whose server message
	// misleads at this operation; the request path puts it in the
	// *APIError's Hint.
	Hints map[ErrorCode]string

	// index is 1 + the operation's place in operations (0: not defined
	// with defineOp), where a client finds its URL (Client.urls).
	index int
}

// operations lists every operation the SDK defines, for the coverage test
// and the clients' URL tables.
var operations []*operation

// defineOp records an operation; every operation variable is made with it.
func defineOp(op *operation) *operation {
	operations = append(operations, op)
	op.index = len(operations)
	return op
}

// write reports whether op may create or move something (is not declared
// read-only), so must not be resent once it may have reached the server.
func (op *operation) write() bool { return !op.ReadOnly }

// explain adds op's hint for the code of err's *APIError, when err is the
// operation's own answer (not, say, a failed authorization's), and returns
// err.
func (op *operation) explain(err error) error {
	if len(op.Hints) == 0 {
		return err
	}
	var e *APIError
	if errors.As(err, &e) && e.Operation == op.Name && e.Hint == "" {
		e.Hint = op.Hints[usSpelling(e.Code)]
	}
	return err
}

func (op *operation) path() string {
	if op.Path != "" {
		return op.Path
	}
	return op.Name
}

// RequestOption changes one call; pass it after the params.
type RequestOption func(*requestConfig)

type requestConfig struct {
	trace       string
	into        []*Response
	maxAttempts int
}

// with returns rc with opts applied. A separate function, so that only a
// call with options pays for the heap copy an option's pointer needs.
func (rc requestConfig) with(opts []RequestOption) requestConfig {
	for _, o := range opts {
		o(&rc)
	}
	return rc
}

// WithTrace sends trace as the request's trace header instead of a new UUID,
// to correlate the call with the caller's own logs. Retries append
// "-r2", "-r3", … so each HTTP request keeps a unique trace; with encryption
// the SDK adds the required "x-" prefix if trace lacks it.
func WithTrace(trace string) RequestOption {
	return func(rc *requestConfig) { rc.trace = trace }
}

// withTraceSuffix appends sfx to a trace the caller set with WithTrace, for
// the sub-requests of a call that sends several (pages, lookups), so each
// request keeps a unique trace. Without WithTrace it does nothing (every
// request gets a new UUID anyway).
func withTraceSuffix(sfx string) RequestOption {
	return func(rc *requestConfig) {
		if rc.trace != "" {
			rc.trace += sfx
		}
	}
}

// WithResponseInto stores the answer's metadata (HTTP status, headers, trace,
// rate limit, attempts) in *r when the call returns, also on failure. For
// calls that send several requests (iterators, EnsureRegistered,
// Embed.Open, Customers.Get by number, Customers.ListAccounts across
// trading modes) it holds the last request's.
func WithResponseInto(r *Response) RequestOption {
	return func(rc *requestConfig) { rc.into = append(rc.into, r) }
}

// WithMaxAttempts overrides the client's retry policy's attempt limit for one
// call; 1 disables retries.
func WithMaxAttempts(n int) RequestOption {
	return func(rc *requestConfig) { rc.maxAttempts = n }
}

// Response is the metadata of a call's last HTTP answer, filled in by
// WithResponseInto.
type Response struct {
	// HTTPStatus is the status of the last answer (0 when none came).
	HTTPStatus int
	// Header is the last answer's header.
	Header http.Header
	// Trace is the trace of the last request sent.
	Trace string
	// ServerTrace is the trace the server echoed in the envelope.
	ServerTrace string
	// BizCode is the envelope's bizCode.
	BizCode string
	// ServerTime is the server's processing time (envelope tm).
	ServerTime time.Duration
	// RateLimit is the rate-limit state of the last answer, nil if it had none.
	RateLimit *RateLimit
	// Attempts is the number of HTTP requests the call sent.
	Attempts int
}

// RateLimit is the rate-limit state the server reports in the
// x-ratelimit-* headers (per operation, per minute).
type RateLimit struct {
	// Limit is the number of calls allowed in the window.
	Limit int
	// Remaining is the number of calls left in the window (from the
	// documented, misspelled x-ratelimit-remairing or x-ratelimit-remaining).
	Remaining int
	// Reset is the window's length in seconds as the server reports it; the
	// SDK waits this long before retrying after a 429.
	Reset time.Duration
	// Observed is when the answer arrived.
	Observed time.Time
}

func parseRateLimit(h http.Header, now time.Time) *RateLimit {
	limit, lok := headerInt(h, "X-Ratelimit-Limit")
	rem, rok := headerInt(h, "X-Ratelimit-Remaining")
	if !rok {
		rem, rok = headerInt(h, "X-Ratelimit-Remairing")
	}
	reset, sok := headerInt(h, "X-Ratelimit-Reset")
	if !lok && !rok && !sok {
		return nil
	}
	return &RateLimit{Limit: limit, Remaining: rem, Reset: time.Duration(reset) * time.Second, Observed: now}
}

func headerInt(h http.Header, key string) (int, bool) {
	// key is in canonical form, as net/http stores received headers: a
	// direct lookup (Header.Get would canonicalise key on every call).
	vs := h[key]
	if len(vs) == 0 {
		return 0, false
	}
	v := strings.TrimSpace(vs[0])
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// call sends one operation and decodes its data into T. It is the only way
// service methods talk to the server.
func call[T any](ctx context.Context, c *Client, op *operation, params any, opts []RequestOption) (out T, err error) {
	return callChecked[T](ctx, c, op, params, opts, nil)
}

// callChecked is call with check, which may turn the decoded success into
// the error the caller gets (a registration answered without a customer
// number). The check runs inside the observed call, so the observer sees
// the caller's outcome, not the server's. A service method never returns an
// error of its own after a successful call: it checks here.
func callChecked[T any](ctx context.Context, c *Client, op *operation, params any, opts []RequestOption, check func(out T, meta Response) error) (out T, err error) {
	var zero T
	return callFrom(ctx, c, op, params, opts, zero, check)
}

// callFrom is callChecked decoding into start instead of T's zero value, so
// a result can bring memory to reuse (the customer list's pooled records,
// see customerPageData). start must decode as a zero T would: a slice in it
// has length 0 and zeroed elements up to its capacity. Every answer that is
// not a decoded success zeroes the result (decodeAnswer), so a failed
// attempt leaves nothing of start behind.
func callFrom[T any](ctx context.Context, c *Client, op *operation, params any, opts []RequestOption, start T, check func(out T, meta Response) error) (out T, err error) {
	out = start
	if c.cfg.observer != nil {
		var oc *observedCall
		ctx, opts, oc = c.observeCall(ctx, op, opts)
		defer func() { oc.done(ctx, c, params, out, err) }()
	}
	env, err := c.do(ctx, op, params, opts, &out)
	if err != nil {
		return out, op.explain(err)
	}
	if !env.decoded { // else data decoded with the envelope (decodeAnswer)
		if err = env.decodeInto(op, &out); err != nil {
			return out, err
		}
	}
	if check != nil {
		err = check(out, Response{Trace: env.sentTrace, HTTPStatus: env.status})
	}
	return out, err
}

// callRequired is call for operations whose success must carry data: a
// success answer whose data is null or missing becomes a *ResponseError
// that keeps the trace and HTTP status and matches ErrNotFound (the way the
// server answers a lookup of a record it does not have). what names the
// missing data in the error ("a deal").
func callRequired[T any](ctx context.Context, c *Client, op *operation, params any, opts []RequestOption, what string) (out T, err error) {
	if c.cfg.observer != nil {
		var oc *observedCall
		ctx, opts, oc = c.observeCall(ctx, op, opts)
		defer func() { oc.done(ctx, c, params, out, err) }()
	}
	env, err := c.do(ctx, op, params, opts, nil)
	if err != nil {
		return out, op.explain(err)
	}
	if d := bytes.TrimSpace(env.Data); len(d) == 0 || string(d) == "null" {
		return out, &ResponseError{Operation: op.Name, HTTPStatus: env.status, Trace: env.sentTrace,
			Reason: "success without " + what, Err: ErrNotFound}
	}
	return out, env.decodeInto(op, &out)
}

// decodeInto decodes the envelope's data into out; a mismatch is a
// *ResponseError with a redacted excerpt of the data. For a write the
// server has acted (code "0") even though its answer cannot be read, so the
// error is an *UnknownOutcomeError: the caller must not simply try again.
func (env *envelope) decodeInto(op *operation, out any) error {
	if err := decodeData(env.Data, out); err != nil {
		rerr := &ResponseError{Operation: op.Name, HTTPStatus: env.status, Trace: env.sentTrace,
			Reason: "data does not match the documented shape", Excerpt: bodyExcerpt(env.Data), Err: err}
		if op.write() {
			return &UnknownOutcomeError{Operation: op.Name, Trace: env.sentTrace, Err: rerr}
		}
		return rerr
	}
	return nil
}

func decodeData(raw json.RawMessage, out any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, out)
}

var traceCounter atomic.Uint64

func newTrace() string {
	id, err := uuid.NewRandom()
	if err != nil { // entropy exhausted: still unique within the process
		return "mm-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatUint(traceCounter.Add(1), 36)
	}
	return id.String()
}

// attemptResult is what one HTTP attempt produced.
type attemptResult struct {
	status  int
	header  http.Header
	body    []byte // the answer
	reqBody []byte // what was sent, for body logging
	rate    *RateLimit
	env     *envelope
	err     error // the error the caller gets if this is the last attempt
	sent    bool  // the request may have reached the server
	refused bool  // the server answered without acting (429, gateway refusal)
}

// do runs the retry loop around attempts; see retry.go for the policy.
// into, when not nil, points to the call's result: a success answer's data
// is then decoded into it with the envelope (see decodeAnswer).
func (c *Client) do(ctx context.Context, op *operation, params any, opts []RequestOption, into any) (*envelope, error) {
	rc := requestConfig{maxAttempts: c.cfg.retry.MaxAttempts}
	if len(opts) > 0 {
		rc = rc.with(opts)
	}
	if rc.maxAttempts < 1 {
		rc.maxAttempts = 1
	}
	body, err := marshalParams(params)
	if err != nil {
		return nil, err
	}
	baseTrace := rc.trace
	if baseTrace == "" {
		baseTrace = newTrace()
	} else if !validHeaderValue(baseTrace) || len(baseTrace) > maxTraceLen {
		return nil, &ValidationError{Field: "WithTrace", Rule: "printable ASCII (a header value) of at most " + strconv.Itoa(maxTraceLen) + " bytes"}
	}
	if c.crypt != nil && !op.Plain && !op.Market && !strings.HasPrefix(baseTrace, "x-") {
		baseTrace = "x-" + baseTrace // the server decrypts only requests whose trace says so
	}
	meta := new(Response)
	defer func() {
		for _, r := range rc.into {
			if r != nil {
				*r = *meta
			}
		}
	}()
	start := time.Now()
	renewals := 0 // token renewals in this call
	var lastErr error
	lastUnknown := false // the last attempt may have been carried out
	sent := 0            // HTTP requests so far; each gets its own trace
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, ctxErr(op, meta.Trace, lastErr, lastUnknown, err)
		}
		if err := c.cfg.limiter.wait(ctx); err != nil {
			return nil, ctxErr(op, meta.Trace, lastErr, lastUnknown, err)
		}
		sent++
		trace := attemptTrace(baseTrace, sent)
		token := ""
		if !op.NoToken && c.tokens != nil {
			token, err = c.tokens.Token(ctx)
			if err != nil {
				return nil, err
			}
			if !validHeaderValue(token) {
				return nil, errBadToken
			}
		}
		meta.Trace, meta.Attempts = trace, sent
		actx, obs := c.attemptStart(ctx, op, trace, sent)
		res := c.attempt(actx, op, body, trace, token, sent, into)
		meta.HTTPStatus, meta.Header = res.status, res.header
		if res.rate != nil {
			meta.RateLimit = res.rate
			c.rates.Store(op.Name, res.rate)
		}
		if res.env != nil {
			meta.ServerTrace, meta.BizCode, meta.ServerTime = res.env.Trace, res.env.BizCode, time.Duration(res.env.Tm)*time.Millisecond
		}
		if res.err == nil {
			c.attemptDone(actx, obs, &res, false, 0, false)
			res.env.sentTrace, res.env.status = trace, res.status
			return res.env, nil
		}
		lastErr = res.err
		lastUnknown = op.write() && res.sent && !res.refused && unknownOutcome(res.err)

		// Token expired: the server refused the request without acting on
		// it, so resending is safe even for writes. Renew, and resend with
		// the new token; a token that keeps expiring (a clock or server
		// problem) ends the call after maxRenewals.
		if errors.Is(res.err, ErrTokenExpired) && renewals < maxRenewals && !op.NoToken {
			if r, ok := c.tokens.(TokenRefresher); ok {
				c.attemptDone(actx, obs, &res, false, 0, true)
				renewals++
				rctx, robs := c.renewStart(ctx, op)
				_, err := r.Refresh(rctx, token)
				c.renewDone(rctx, robs, err)
				if err != nil {
					return nil, err
				}
				attempt-- // a renewal does not use up the retry budget
				continue
			}
		}
		wait, retry := c.cfg.retry.decide(op, res, attempt, rc.maxAttempts, time.Since(start))
		c.attemptDone(actx, obs, &res, retry, wait, false)
		if !retry {
			if lastUnknown {
				return nil, &UnknownOutcomeError{Operation: op.Name, Trace: trace, Err: res.err}
			}
			return nil, res.err
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, ctxErr(op, trace, lastErr, lastUnknown, err)
		}
	}
}

// maxTraceLen bounds a trace given with WithTrace; the SDK appends its own
// suffixes ("-exists-phone", "-p12", "-r4", …) to it.
const maxTraceLen = 128

// errBadToken is returned instead of sending a token that is not a valid
// header value (it would fail every attempt); the token is not quoted.
var errBadToken = errors.New("multimarkets: the token contains bytes that cannot be sent in a header")

// maxRenewals bounds the token renewals of one call.
const maxRenewals = 2

// ctxErr is the error for a call whose context ended between attempts;
// unknown says whether the last attempt was a write that may have been
// carried out.
func ctxErr(op *operation, trace string, last error, unknown bool, ctxErr error) error {
	if unknown {
		return &UnknownOutcomeError{Operation: op.Name, Trace: trace, Err: errors.Join(ctxErr, last)}
	}
	if last != nil {
		return errors.Join(ctxErr, last)
	}
	return ctxErr
}

// unknownOutcome reports whether err leaves open whether the server acted:
// anything but a definite answer from the server. Error envelopes are
// definite refusals, except those that say the service behind the gateway
// failed or timed out after it may have committed, and any error envelope
// sent with HTTP 5xx.
func unknownOutcome(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatus >= 500 || afterEffectCodes[apiErr.Code]
	}
	return true
}

// afterEffectCodes are the error codes that do not say the request was
// refused before it took effect: the downstream service failed, answered
// nothing, or timed out, or the server hit an internal error.
var afterEffectCodes = map[ErrorCode]bool{
	CodeGGATEWAY_CODE_011: true, // downstream service is abnormal
	CodeGGATEWAY_CODE_013: true, // downstream service returned an empty result
	CodeGGATEWAY_CODE_102: true, // data is abnormal, try again
	CodeGGATEWAY_CODE_902: true, // service time-out
	CodeG500:              true, // system error
	CodeFS500:             true, // system error
	CodeUS500:             true, // system error (client API error page)
	CodeE00003:            true, // system error (OpenAPI examples)
	Code500:               true, // system error (client API examples)
	Code300:               true, // system error (client API examples)
}

func attemptTrace(base string, attempt int) string {
	if attempt == 1 {
		return base
	}
	return base + "-r" + strconv.Itoa(attempt)
}

func marshalParams(params any) ([]byte, error) {
	if params == nil {
		return []byte("{}"), nil
	}
	if b, ok := params.(encodedBody); ok {
		return b, nil
	}
	b, err := json.Marshal(params)
	if err != nil {
		return nil, &ValidationError{Field: "params", Rule: "must encode as JSON: " + err.Error()}
	}
	// Numbers go out in their shortest plain form ("5.00" → "5"), which
	// Double- and BigDecimal-reading servers sign alike (see NumberReader).
	if b, err = mmcrypto.PlainNumbers(b); err != nil {
		return nil, &ValidationError{Field: "params", Rule: "numbers must have an exponent within ±1000"}
	}
	return b, nil
}

// encodedBody is a request body its service method wrote as JSON itself,
// without reflection, byte for byte as json.Marshal would write its params
// (each has a fuzz test comparing the two) and with integer numbers only, so
// PlainNumbers has nothing to change; it is sent as it is. Only the hottest
// writes have one (registerBody.encode).
type encodedBody []byte

// attempt sends one HTTP request and classifies what came back.
func (c *Client) attempt(ctx context.Context, op *operation, body []byte, trace, token string, attempt int, into any) (res attemptResult) {
	began := time.Now()
	actx, cancel := context.WithTimeout(ctx, c.cfg.timeout)
	defer cancel()

	// sent records whether the request's headers went out (so it may have
	// reached the server); one allocation holds the flag and its hook.
	sent := &sentTrace{}
	sent.trace.WroteHeaders = sent.wroteHeaders
	actx = httptrace.WithClientTrace(actx, &sent.trace)
	defer func() { c.logAttempt(ctx, op, trace, attempt, began, &res) }()

	now := time.Now()
	req := c.http.R().SetContext(actx).SetDoNotParseResponse(true)
	// The header is built in one go: a map sized for every header sent
	// (no growth), the fixed values shared (never modified: net/http only
	// reads header values), the per-attempt values in one backing array.
	// Keys are set directly, under exactly the documented spelling
	// ("companyId"), which Header.Set would canonicalise to "Companyid";
	// HTTP header names are case-insensitive, and the documented spelling
	// is what the vendor's own clients send.
	//
	// The map itself is pooled: resty copies it into the *http.Request it
	// sends (createHTTPRequest clones the header) and nothing reads it once
	// the request returns, so it is cleared (no token stays in the pool)
	// and reused by the next attempt.
	hdr, _ := headerPool.Get().(http.Header)
	if hdr == nil {
		hdr = make(http.Header, len(c.fixedHeader)+5)
	}
	req.Header = hdr
	for k, v := range c.fixedHeader {
		hdr[k] = v
	}
	vals := [4]string{trace, strconv.FormatInt(now.UnixMilli(), 10), token, op.Group}
	perAttempt := vals[:]
	hdr["trace"] = perAttempt[0:1:1]
	hdr["timestamp"] = perAttempt[1:2:2]
	if token != "" {
		hdr["token"] = perAttempt[2:3:3]
	}
	if op.Group != "" {
		hdr["group"] = perAttempt[3:4:4]
	}

	var resp *http.Response
	if op.Market {
		q := marketQuery(trace, body)
		if op.MarketBody {
			hdr["Content-Type"] = jsonContentType
			req.SetQueryParam("token", token).SetBody(strings.NewReader(q))
		} else {
			req.SetQueryParam("token", token).SetQueryParam("query", q)
		}
		res.reqBody = []byte(q)
		r, err := req.Get(c.urlFor(op))
		resp, res.err = rawResponse(r), err
	} else {
		payload := body
		if c.crypt != nil && !op.Plain {
			var err error
			payload, err = c.crypt.seal(ctx, c, body, now)
			if err != nil {
				return attemptResult{err: err}
			}
		}
		hdr["Content-Type"] = jsonContentType
		res.reqBody = body // the plain body: the encrypted one is never logged
		// A reader, not the bytes: resty copies a []byte body twice, while
		// http.NewRequest takes a *bytes.Reader as is (length and rewind).
		r, err := req.SetBody(bytes.NewReader(payload)).Post(c.urlFor(op))
		resp, res.err = rawResponse(r), err
	}
	req.Header = nil
	clear(hdr)
	headerPool.Put(hdr)
	res.sent = sent.wrote.Load()
	if res.err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		res.err = transportError(op, trace, res.err)
		return res
	}
	defer resp.Body.Close()
	res.sent = true
	res.status, res.header = resp.StatusCode, resp.Header
	if res.status >= 300 && res.status <= 399 {
		res.err = redirectError(op, trace, resp)
		res.refused = res.status == http.StatusTemporaryRedirect || res.status == http.StatusPermanentRedirect
		return res
	}
	data, rerr := readBody(resp, c.cfg.maxResponseBytes+1)
	res.body = data
	rl := parseRateLimit(resp.Header, time.Now())
	res.rate = rl
	switch {
	case int64(len(data)) > c.cfg.maxResponseBytes:
		res.err = &ResponseError{Operation: op.Name, HTTPStatus: res.status, Trace: trace, RateLimit: rl,
			Reason: "body larger than " + strconv.FormatInt(c.cfg.maxResponseBytes, 10) + " bytes", Excerpt: bodyExcerpt(data)}
		return res
	case rerr != nil:
		res.err = &ResponseError{Operation: op.Name, HTTPStatus: res.status, Trace: trace, RateLimit: rl,
			Reason: "truncated body", Excerpt: bodyExcerpt(data), Err: rerr}
		return res
	}
	res.env, res.err = decodeAnswer(op.Name, trace, res.status, resp.Header.Get("Content-Type"), data, rl, into)
	if res.err != nil {
		res.env = nil
	}
	if res.status == http.StatusTooManyRequests || errors.Is(res.err, ErrRateLimited) || errors.Is(res.err, ErrTokenExpired) ||
		errors.Is(res.err, ErrUnauthorized) || errors.Is(res.err, ErrRequestExpired) {
		res.refused = true
	}
	return res
}

// headerPool holds the cleared header maps of finished attempts (see
// attempt).
var headerPool sync.Pool // of http.Header

// sentTrace is the httptrace hook of one attempt: wrote is set once the
// request's headers are written.
type sentTrace struct {
	wrote atomic.Bool
	trace httptrace.ClientTrace
}

func (s *sentTrace) wroteHeaders() { s.wrote.Store(true) }

// redirectError is the error for a 3xx answer. The SDK follows no redirect
// at all (see noRedirects): the vendor documents none, a redirect to another
// scheme, host or port would carry the token header, the appSecret body or
// the market query's token to that host, and even a same-host redirect
// would resend a write to a path the caller did not choose. The error names
// the status and the target's scheme and host, never its path or query
// (which may echo the token).
//
// The request reached the configured server, which answered with a
// redirect instead of the envelope. 307 and 308 say "send this same request
// there": the server did not act on it, so the error is a definite
// *ResponseError (refused) even for a write. Any other 3xx (301, 302, 303
// as in post/redirect/get) may follow a request the server carried out, so
// for a write the call ends with an *UnknownOutcomeError wrapping it. A
// redirect is never retried.
func redirectError(op *operation, trace string, resp *http.Response) error {
	target := "no Location"
	if loc, lerr := resp.Location(); lerr == nil {
		target = excerpt([]byte(loc.Scheme+"://"+loc.Host), 120)
	} else if resp.Header.Get("Location") != "" {
		target = "an unreadable Location"
	}
	status := resp.StatusCode
	return &ResponseError{Operation: op.Name, HTTPStatus: status, Trace: trace, RateLimit: parseRateLimit(resp.Header, time.Now()),
		Reason: "redirect (HTTP " + strconv.Itoa(status) + ") to " + target + " not followed"}
}

// urlFor returns the URL of op's requests: from the client's table for a
// defined operation (no string built per request), else built.
func (c *Client) urlFor(op *operation) string {
	if i := op.index - 1; i >= 0 && i < len(c.urls) {
		return c.urls[i]
	}
	return c.buildURL(op)
}

func (c *Client) buildURL(op *operation) string {
	if op.ClientAPI {
		return c.cfg.clientBaseURL + "/" + op.path()
	}
	return c.cfg.baseURL + "/" + op.path()
}

func rawResponse(r *resty.Response) *http.Response {
	if r == nil {
		return nil
	}
	return r.RawResponse
}

var jsonContentType = []string{"application/json"}

// buildFixedHeader makes the header values every request carries, once per
// client: companyId, version, lang, User-Agent, Accept.
func (c *Client) buildFixedHeader() http.Header {
	return http.Header{
		"companyId":  {c.cfg.companyID},
		"version":    {c.cfg.version},
		"lang":       {c.cfg.lang},
		"User-Agent": {c.userAgent()},
		"Accept":     {"application/json"},
	}
}

// readBody reads at most limit bytes of the answer, in one allocation of
// the announced length when there is one (bytes.Buffer.ReadFrom would grow
// a small buffer once more before its first read).
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	n := resp.ContentLength
	if n <= 0 || n >= limit {
		return io.ReadAll(io.LimitReader(resp.Body, limit))
	}
	buf := make([]byte, n+1) // one byte more, to see the end of the body
	m, err := io.ReadFull(resp.Body, buf)
	switch {
	case m == len(buf): // longer than announced: read the rest, up to limit
		rest, err := io.ReadAll(io.LimitReader(resp.Body, limit-int64(m)))
		return append(buf, rest...), err
	case err == io.ErrUnexpectedEOF && int64(m) == n: // exactly as announced
		return buf[:m], nil
	case err == io.ErrUnexpectedEOF || err == io.EOF: // shorter: cut off
		return buf[:m], io.ErrUnexpectedEOF
	}
	return buf[:m], err
}

func (c *Client) userAgent() string {
	ua := "multimarkets-go/" + Version
	if c.cfg.userAgent != "" {
		ua = c.cfg.userAgent + " " + ua
	}
	return ua
}

// transportError wraps a failure to get any answer.
func transportError(op *operation, trace string, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // the URL carries the market query's token
	}
	return &TransportError{Operation: op.Name, Trace: trace, Err: err}
}

// TransportError means no HTTP answer arrived: the connection failed, was
// cut, or the attempt timed out. Err says which (context.DeadlineExceeded
// for a timeout).
type TransportError struct {
	// Operation is the bizType of the call.
	Operation string
	// Trace is the trace of the request.
	Trace string
	// Err is the network or context error.
	Err error
}

// Error names the operation, the trace and the cause.
func (e *TransportError) Error() string {
	return "multimarkets: " + e.Operation + ": no answer (trace " + e.Trace + "): " + e.Err.Error()
}

// Unwrap returns the network or context error.
func (e *TransportError) Unwrap() error { return e.Err }

// marketQuery encodes the market-data query parameter: the JSON
// {"trace":…,"data":{…}}; url.Values encodes it into the URL.
func marketQuery(trace string, data []byte) string {
	var b bytes.Buffer
	b.WriteString(`{"trace":`)
	t, _ := json.Marshal(trace)
	b.Write(t)
	b.WriteString(`,"data":`)
	b.Write(data)
	b.WriteString("}")
	return b.String()
}
