// Package mmotel records OpenTelemetry traces and metrics for the
// MultiMarkets SDK: a span per API call with a child span per HTTP attempt,
// a span per handled data-push event and per answered webhook, and metrics
// for call durations, attempts, retries, rate limits, token renewals, push
// events, reconnects and webhook latency.
//
// It turns the SDK's observer hooks into spans and metrics, so the SDK's
// core packages import no OpenTelemetry:
//
//	tel := mmotel.New() // the global TracerProvider and MeterProvider
//	client, err := multimarkets.NewClient(…, multimarkets.WithObserver(tel.Client()))
//	sub, err := push.New(push.Options{…, Observer: tel.Push()}, handle)
//	h, err := wallet.NewHandler(wallet.Config{…, Observer: tel.Wallet()})
//	m, err := msgchannel.NewHandler(msgchannel.Config{…, Observer: tel.MsgChannel()})
//
// A call's span is a child of the span in the caller's context. The
// MultiMarkets trace of every request is the attribute multimarkets.trace,
// the value MultiMarkets support asks for.
//
// Nothing personal or secret is recorded: no request or response body, no
// token, app secret, password hash, phone number, e-mail address or name,
// and no error text (which may echo personal data); errors are recorded by
// their outcome class and code. Customer numbers are recorded as span
// attributes only with WithCustomerNumbers. Metric attributes take a bounded
// set of values: operation names, outcome classes, documented error codes
// (others are "_OTHER"), documented event types and webhook answer codes;
// traces and customer numbers are never metric attributes.
package mmotel

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/multimarkets-sdk/multimarkets-go/mmotel"

// Attribute keys this package records besides OpenTelemetry's semantic
// conventions (http.request.method, http.response.status_code,
// http.request.resend_count, error.type).
const (
	// KeyOperation is the call's operation (bizType or market path).
	KeyOperation = attribute.Key("multimarkets.operation")
	// KeyWrite is true for operations that create or move something.
	KeyWrite = attribute.Key("multimarkets.write")
	// KeyOutcome is the call's outcome class (multimarkets.Outcome).
	KeyOutcome = attribute.Key("multimarkets.outcome")
	// KeyCode is the server's code ("0" for success, else an error code).
	KeyCode = attribute.Key("multimarkets.code")
	// KeyTrace is the MultiMarkets trace of the (last) request: give it to
	// MultiMarkets support. Span attribute only.
	KeyTrace = attribute.Key("multimarkets.trace")
	// KeyAttempts is the number of HTTP requests a call sent.
	KeyAttempts = attribute.Key("multimarkets.attempts")
	// KeyAttempt is an HTTP attempt's number within its call, from 1.
	KeyAttempt = attribute.Key("multimarkets.attempt")
	// KeySent is false for an attempt that certainly did not reach the server.
	KeySent = attribute.Key("multimarkets.request.sent")
	// KeyRetry is true when another attempt follows this one.
	KeyRetry = attribute.Key("multimarkets.retry")
	// KeyRetryDelay is the wait before the next attempt, in seconds.
	KeyRetryDelay = attribute.Key("multimarkets.retry.delay")
	// KeyTokenExpired is true for an attempt refused for an expired token.
	KeyTokenExpired = attribute.Key("multimarkets.token_expired")
	// KeyRateLimitRemaining, KeyRateLimitLimit and KeyRateLimitReset are
	// the answer's x-ratelimit-* headers (reset in seconds).
	KeyRateLimitRemaining = attribute.Key("multimarkets.rate_limit.remaining")
	KeyRateLimitLimit     = attribute.Key("multimarkets.rate_limit.limit")
	KeyRateLimitReset     = attribute.Key("multimarkets.rate_limit.reset")
	// KeyCustomerNo is the customer a call or event was about; recorded
	// only with WithCustomerNumbers. Span attribute only.
	KeyCustomerNo = attribute.Key("multimarkets.customer_no")
	// KeyEventType is a data-push event type; "_OTHER" in metrics for
	// undocumented or missing types.
	KeyEventType = attribute.Key("multimarkets.push.event_type")
	// KeyLag is how long a push event waited between being read and being
	// handled, in seconds.
	KeyLag = attribute.Key("multimarkets.push.lag")
	// KeyWebhook is the webhook call type: wallet.balance, wallet.adjust,
	// wallet.cancel, msgchannel.email, msgchannel.sms (msgchannel when the
	// body could not be read).
	KeyWebhook = attribute.Key("multimarkets.webhook.type")
	// KeyAnswerCode is a webhook answer's code.
	KeyAnswerCode = attribute.Key("multimarkets.webhook.code")
	// KeyRecordState is the state of a wallet record leased elsewhere.
	KeyRecordState = attribute.Key("multimarkets.wallet.record_state")
)

// otherValue replaces unbounded values in metric attributes, as
// OpenTelemetry's conventions do for unknown HTTP methods.
const otherValue = "_OTHER"

// Option configures New.
type Option func(*config)

type config struct {
	tp          trace.TracerProvider
	mp          metric.MeterProvider
	customerNos bool
}

// WithTracerProvider records spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithCustomerNumbers records the customer number a call or push event was
// about as the span attribute multimarkets.customer_no. Customer numbers
// identify a customer, so they are left out unless asked for; they are never
// metric attributes.
func WithCustomerNumbers() Option {
	return func(c *config) { c.customerNos = true }
}

// Telemetry records the SDK's spans and metrics. Create it with New and pass
// its observers to the SDK; one Telemetry may serve many clients and
// handlers. Its methods are safe for concurrent use. A nil *Telemetry
// records nothing: its observer methods return nil.
type Telemetry struct {
	tracer      trace.Tracer
	customerNos bool
	m           instruments
}

// New returns a Telemetry recording with the global providers unless
// options say otherwise. Instruments that cannot be created are reported to
// otel.Handle and left out.
func New(opts ...Option) *Telemetry {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	t := &Telemetry{
		tracer:      c.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(multimarkets.Version)),
		customerNos: c.customerNos,
	}
	t.m.init(c.mp.Meter(ScopeName, metric.WithInstrumentationVersion(multimarkets.Version)))
	return t
}

// safeText makes a string from the network fit for an attribute: valid
// UTF-8, at most max bytes.
func safeText(s string, max int) string {
	if len(s) > max {
		s = s[:max]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// codeLabel is a server error code fit for a metric attribute: documented
// codes as they are, others "_OTHER".
func codeLabel(code multimarkets.ErrorCode) string {
	if code.Documented() {
		return string(code)
	}
	return otherValue
}

// errorType is the error.type of a failed call or attempt: its documented
// code for a server refusal, else its outcome class.
func errorType(o multimarkets.Outcome, code multimarkets.ErrorCode) string {
	if o == multimarkets.OutcomeAPIError && code != "" {
		return codeLabel(code)
	}
	return string(o)
}

// errorTypeName is the Go type of err, for the exception.type of a span
// event (a type name never holds personal data).
func errorTypeName(err error) string { return fmt.Sprintf("%T", err) }

// spanOf returns the span stored under key by this package, if any: never
// the caller's own span, which must not be ended here.
func spanOf(ctx context.Context, key any) trace.Span {
	sp, _ := ctx.Value(key).(trace.Span)
	return sp
}
