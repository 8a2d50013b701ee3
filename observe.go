package multimarkets

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"slices"
	"time"
)

// Observer receives an event for every call the client makes, every HTTP
// attempt of a call and every token renewal, for tracing and metrics.
// Package mmotel builds one that records OpenTelemetry spans and metrics;
// write your own for another system. Every field is optional.
//
// The functions run synchronously on the calling goroutine, so they must be
// quick and must not block. A panic in one is recovered (and logged to the
// WithLogger logger without its value); the call goes on as if the function
// had returned its ctx argument unchanged. The events never carry a request
// or response body, the token or the app secret. Err fields hold the error
// the caller gets, whose text may include personal data the server echoed
// (a phone number in a duplicate-phone message): record its Outcome and
// Code, not its text.
type Observer struct {
	// CallStart is called when a call begins, before anything is sent. The
	// context it returns is the call's from then on (its attempts, token
	// renewals and CallDone see it), so it can carry a span. A call the SDK
	// refuses before sending (nil or invalid params) is a call too:
	// CallStart, then CallDone with OutcomeValidationError and no attempts.
	CallStart func(ctx context.Context, info CallStartInfo) context.Context
	// CallDone is called when the call returns, with the outcome the caller
	// gets: a success the SDK turns into an error (a registration answered
	// without a customer number is an *UnknownOutcomeError) is reported
	// with that error.
	CallDone func(ctx context.Context, info CallDoneInfo)
	// AttemptStart is called before each HTTP request of a call. The context
	// it returns is the request's (the HTTP transport sees it) and is given
	// to AttemptDone.
	AttemptStart func(ctx context.Context, info AttemptStartInfo) context.Context
	// AttemptDone is called when an HTTP request's answer has been read (or
	// none came), once the client has decided whether to send another.
	AttemptDone func(ctx context.Context, info AttemptDoneInfo)
	// TokenRenewStart is called when the server refused the call's token as
	// expired and the client asks its token source for a new one. The
	// context it returns is given to the token source (a renewal by app
	// credentials is itself a call, observed with CallStart and CallDone)
	// and to TokenRenewDone.
	TokenRenewStart func(ctx context.Context, info TokenRenewInfo) context.Context
	// TokenRenewDone is called when the renewal has ended.
	TokenRenewDone func(ctx context.Context, info TokenRenewDoneInfo)
	// CustomerNumbers, when true, fills CallDoneInfo.CustomerNo. Customer
	// numbers identify a customer, so they are left out unless asked for.
	CustomerNumbers bool
}

// WithObserver sends the client's call, attempt and token-renewal events to
// o (see Observer; mmotel.New(…).Client() gives one for OpenTelemetry). A
// nil o, the default, observes nothing and costs nothing. o is copied:
// changing it afterwards has no effect.
func WithObserver(o *Observer) Option {
	return func(c *config) error {
		if o == nil {
			c.observer = nil
			return nil
		}
		cp := *o
		c.observer = &cp
		return nil
	}
}

// Outcome classifies how a call ended, in a few values fit for a metric
// label. OutcomeOf computes it from the error a call returned.
type Outcome string

// The outcomes of a call.
const (
	// OutcomeSuccess: the server carried the call out and the answer was read.
	OutcomeSuccess Outcome = "success"
	// OutcomeAPIError: the server refused the call with an error code (an
	// *APIError; CodeOf gives the code), e.g. a duplicate phone number.
	OutcomeAPIError Outcome = "api_error"
	// OutcomeValidationError: the SDK refused the parameters before sending
	// (a *ValidationError); the call has no attempts.
	OutcomeValidationError Outcome = "validation_error"
	// OutcomeTransportError: no answer arrived (connection failure, timeout,
	// context ended) or the request could not be sent; for a write, only
	// when it certainly did not reach the server.
	OutcomeTransportError Outcome = "transport_error"
	// OutcomeBadResponse: an answer arrived but was not a readable envelope
	// (a *ResponseError: a proxy's HTML page, a cut-off body), for a call
	// that is not a write whose outcome is unknown.
	OutcomeBadResponse Outcome = "bad_response"
	// OutcomeUnknown: a write may or may not have been carried out (an
	// *UnknownOutcomeError, ErrUnknownOutcome): reconcile by its trace
	// before trying again.
	OutcomeUnknown Outcome = "unknown_outcome"
)

// OutcomeOf classifies the error a call returned: nil is OutcomeSuccess, an
// error matching ErrUnknownOutcome is OutcomeUnknown (whatever it wraps),
// ErrValidation is OutcomeValidationError, an *APIError is OutcomeAPIError,
// ErrBadResponse is OutcomeBadResponse, and anything else
// OutcomeTransportError.
func OutcomeOf(err error) Outcome {
	var apiErr *APIError
	switch {
	case err == nil:
		return OutcomeSuccess
	case errors.Is(err, ErrUnknownOutcome):
		return OutcomeUnknown
	case errors.Is(err, ErrValidation):
		return OutcomeValidationError
	case errors.As(err, &apiErr):
		return OutcomeAPIError
	case errors.Is(err, ErrBadResponse):
		return OutcomeBadResponse
	}
	return OutcomeTransportError
}

// CallStartInfo describes a call that begins.
type CallStartInfo struct {
	// Operation is the bizType (for market data, the path), e.g.
	// "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc".
	// The SDK defines a fixed set of them.
	Operation string
	// Write reports whether the operation creates or moves something; a
	// write is never resent once it may have reached the server.
	Write bool
}

// CallDoneInfo describes a call that returned.
type CallDoneInfo struct {
	// Operation is the bizType, as in CallStartInfo.
	Operation string
	// Write reports a write, as in CallStartInfo.
	Write bool
	// Outcome classifies the result (OutcomeOf(Err)).
	Outcome Outcome
	// Code is the server's error code when the result carries one
	// (CodeOf(Err)), "" otherwise.
	Code ErrorCode
	// Err is the error the caller gets, nil on success. Its text may hold
	// personal data the server echoed: do not record it verbatim.
	Err error
	// Trace is the trace of the last request sent, the one to give
	// MultiMarkets support; "" when nothing was sent.
	Trace string
	// Attempts is the number of HTTP requests sent.
	Attempts int
	// HTTPStatus is the status of the last answer, 0 when none came.
	HTTPStatus int
	// Duration is the call's time, retries and waits included.
	Duration time.Duration
	// CustomerNo is the customer the call was about (the request's
	// customer number, or the new one a registration returned), only when
	// Observer.CustomerNumbers is set.
	CustomerNo string
}

// AttemptStartInfo describes an HTTP request about to be sent.
type AttemptStartInfo struct {
	// Operation is the call's operation.
	Operation string
	// Attempt is the request's number within the call, from 1.
	Attempt int
	// Trace is the request's trace header (unique per request).
	Trace string
	// Method is the HTTP method, "POST" (or "GET" for market data).
	Method string
}

// AttemptDoneInfo describes an HTTP request that ended.
type AttemptDoneInfo struct {
	// Operation is the call's operation.
	Operation string
	// Attempt is the request's number within the call, from 1.
	Attempt int
	// Trace is the request's trace header.
	Trace string
	// Method is the HTTP method.
	Method string
	// HTTPStatus is the answer's status, 0 when none came.
	HTTPStatus int
	// Code is the envelope's code: "0" (or the market API's success code)
	// for a success, the error code of a refusal, "" when there was no
	// readable envelope.
	Code ErrorCode
	// Err is the attempt's error, nil for a success. Its text may hold
	// personal data: do not record it verbatim.
	Err error
	// Sent reports whether the request may have reached the server.
	Sent bool
	// Duration is the request's time, from sending to the answer read.
	Duration time.Duration
	// RateLimit is the rate-limit state the answer carried, nil if none.
	RateLimit *RateLimit
	// RateLimited reports an HTTP 429 or the gateway's rate-limit code.
	RateLimited bool
	// Retry reports that the client sends the request again, after
	// RetryDelay.
	Retry bool
	// RetryDelay is the wait before the next request, when Retry is set.
	RetryDelay time.Duration
	// TokenExpired reports that the server refused the token as expired:
	// the client renews it and sends the request again (not counted
	// against the retry budget).
	TokenExpired bool
}

// TokenRenewInfo describes a token renewal that begins.
type TokenRenewInfo struct {
	// Operation is the call whose token the server refused as expired.
	Operation string
}

// TokenRenewDoneInfo describes a token renewal that ended.
type TokenRenewDoneInfo struct {
	// Operation is the call whose token the server refused as expired.
	Operation string
	// Err is the renewal's error, nil when a new token was obtained. Do not
	// record its text verbatim.
	Err error
	// Duration is the renewal's time.
	Duration time.Duration
}

// observedCall is the state of one observed call.
type observedCall struct {
	o     *Observer
	op    *operation
	start time.Time
	meta  Response
}

// observeCall starts observing a call: it reports CallStart and asks the
// request path for the call's metadata. Called only when an observer is set.
func (c *Client) observeCall(ctx context.Context, op *operation, opts []RequestOption) (context.Context, []RequestOption, *observedCall) {
	oc := &observedCall{o: c.cfg.observer, op: op, start: time.Now()}
	opts = append(slices.Clip(opts), WithResponseInto(&oc.meta))
	if f := oc.o.CallStart; f != nil {
		ctx = c.safeCtx(ctx, "CallStart", func() context.Context { return f(ctx, CallStartInfo{Operation: op.Name, Write: op.write()}) })
	}
	return ctx, opts, oc
}

// done reports CallDone for the call's result.
func (oc *observedCall) done(ctx context.Context, c *Client, params, out any, err error) {
	f := oc.o.CallDone
	if f == nil {
		return
	}
	info := CallDoneInfo{Operation: oc.op.Name, Write: oc.op.write(), Outcome: OutcomeOf(err), Code: CodeOf(err), Err: err,
		Trace: oc.meta.Trace, Attempts: oc.meta.Attempts, HTTPStatus: oc.meta.HTTPStatus, Duration: time.Since(oc.start)}
	if oc.o.CustomerNumbers {
		info.CustomerNo = customerNoOf(oc.op, params, out, err)
	}
	c.safe("CallDone", func() { f(ctx, info) })
}

// refuse reports a call that a service method refused before sending
// anything (its parameters failed their checks) as a CallStart and a
// CallDone with the error's outcome and no attempts, and returns err
// unchanged. Every service method passes its refusals through it, so an
// observer sees one call per method call whatever its outcome. Without an
// observer it costs nothing.
func (c *Client) refuse(ctx context.Context, op *operation, err error) error {
	if c.cfg.observer == nil {
		return err
	}
	oc := &observedCall{o: c.cfg.observer, op: op, start: time.Now()}
	if f := oc.o.CallStart; f != nil {
		ctx = c.safeCtx(ctx, "CallStart", func() context.Context { return f(ctx, CallStartInfo{Operation: op.Name, Write: op.write()}) })
	}
	oc.done(ctx, c, nil, nil, err)
	return err
}

// customerNoOf finds the customer a call was about: a registration's new
// number, or the CustomerNo field of the request body.
func customerNoOf(op *operation, params, out any, err error) string {
	if no, ok := out.(FlexString); ok && op == opRegister && err == nil {
		return string(no)
	}
	v := reflect.ValueOf(params)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	f := v.FieldByName("CustomerNo")
	if f.Kind() == reflect.Pointer && !f.IsNil() {
		f = f.Elem()
	}
	if f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// attemptObs is the observed state of one HTTP attempt; the zero value (no
// observer) reports nothing.
type attemptObs struct {
	o       *Observer
	op      *operation
	trace   string
	attempt int
	start   time.Time
}

// attemptStart reports AttemptStart and returns the attempt's context.
func (c *Client) attemptStart(ctx context.Context, op *operation, trace string, attempt int) (context.Context, attemptObs) {
	o := c.cfg.observer
	if o == nil {
		return ctx, attemptObs{}
	}
	a := attemptObs{o: o, op: op, trace: trace, attempt: attempt, start: time.Now()}
	if f := o.AttemptStart; f != nil {
		ctx = c.safeCtx(ctx, "AttemptStart", func() context.Context {
			return f(ctx, AttemptStartInfo{Operation: op.Name, Attempt: attempt, Trace: trace, Method: op.method()})
		})
	}
	return ctx, a
}

// attemptDone reports AttemptDone for res and the client's decision.
func (c *Client) attemptDone(ctx context.Context, a attemptObs, res *attemptResult, retry bool, wait time.Duration, expired bool) {
	if a.o == nil || a.o.AttemptDone == nil {
		return
	}
	info := AttemptDoneInfo{Operation: a.op.Name, Attempt: a.attempt, Trace: a.trace, Method: a.op.method(),
		HTTPStatus: res.status, Err: res.err, Sent: res.sent, Duration: time.Since(a.start), RateLimit: res.rate,
		Retry: retry, RetryDelay: wait, TokenExpired: expired}
	if res.env != nil {
		info.Code = res.env.Code
	} else {
		info.Code = CodeOf(res.err)
	}
	info.RateLimited = res.status == 429 || errors.Is(res.err, ErrRateLimited)
	f := a.o.AttemptDone
	c.safe("AttemptDone", func() { f(ctx, info) })
}

func (op *operation) method() string {
	if op.Market {
		return "GET"
	}
	return "POST"
}

// renewObs is the observed state of one token renewal.
type renewObs struct {
	o     *Observer
	op    *operation
	start time.Time
}

// renewStart reports TokenRenewStart and returns the renewal's context.
func (c *Client) renewStart(ctx context.Context, op *operation) (context.Context, renewObs) {
	o := c.cfg.observer
	if o == nil {
		return ctx, renewObs{}
	}
	if f := o.TokenRenewStart; f != nil {
		ctx = c.safeCtx(ctx, "TokenRenewStart", func() context.Context { return f(ctx, TokenRenewInfo{Operation: op.Name}) })
	}
	return ctx, renewObs{o: o, op: op, start: time.Now()}
}

// renewDone reports TokenRenewDone.
func (c *Client) renewDone(ctx context.Context, r renewObs, err error) {
	if r.o == nil || r.o.TokenRenewDone == nil {
		return
	}
	f, info := r.o.TokenRenewDone, TokenRenewDoneInfo{Operation: r.op.Name, Err: err, Duration: time.Since(r.start)}
	c.safe("TokenRenewDone", func() { f(ctx, info) })
}

// safe runs an observer function, recovering a panic: an observer's bug
// must not break the call.
func (c *Client) safe(hook string, f func()) {
	defer func() {
		if p := recover(); p != nil {
			c.observerPanicked(hook)
		}
	}()
	f()
}

// safeCtx runs an observer function that returns a context; after a panic,
// or if it returns nil, the call goes on with the context it had.
func (c *Client) safeCtx(ctx context.Context, hook string, f func() context.Context) (out context.Context) {
	defer func() {
		if p := recover(); p != nil {
			c.observerPanicked(hook)
			out = ctx
		}
	}()
	if n := f(); n != nil {
		return n
	}
	return ctx
}

// observerPanicked logs a recovered observer panic. The panic's value is not
// logged: it may hold anything the observer saw.
func (c *Client) observerPanicked(hook string) {
	c.cfg.logger.LogAttrs(context.Background(), slog.LevelError, "multimarkets: observer panicked; the call goes on",
		slog.String("hook", hook))
}
