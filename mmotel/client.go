package mmotel

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

type (
	callKey    struct{}
	attemptKey struct{}
	renewKey   struct{}
)

// Client returns the observer for multimarkets.WithObserver. Each call gets
// a span "multimarkets <operation>" (kind internal) whose parent is the span
// in the caller's context, with a child "<method> <operation>" (kind
// client) per HTTP attempt and "multimarkets token renewal" when the
// token is renewed.
func (t *Telemetry) Client() *multimarkets.Observer {
	if t == nil {
		return nil
	}
	return &multimarkets.Observer{
		CallStart:       t.callStart,
		CallDone:        t.callDone,
		AttemptStart:    t.attemptStart,
		AttemptDone:     t.attemptDone,
		TokenRenewStart: t.renewStart,
		TokenRenewDone:  t.renewDone,
		CustomerNumbers: t.customerNos,
	}
}

func (t *Telemetry) callStart(ctx context.Context, info multimarkets.CallStartInfo) context.Context {
	ctx, sp := t.tracer.Start(ctx, "multimarkets "+info.Operation, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(KeyOperation.String(info.Operation), KeyWrite.Bool(info.Write)))
	return context.WithValue(ctx, callKey{}, sp)
}

func (t *Telemetry) callDone(ctx context.Context, info multimarkets.CallDoneInfo) {
	ctx = context.WithoutCancel(ctx) // record even when the caller's context ended
	attrs := []attribute.KeyValue{KeyOperation.String(info.Operation), KeyOutcome.String(string(info.Outcome))}
	if info.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(info.Outcome, info.Code)))
	}
	t.m.callDuration.Record(ctx, info.Duration.Seconds(), metric.WithAttributes(attrs...))

	sp := spanOf(ctx, callKey{})
	if sp == nil {
		return
	}
	sp.SetAttributes(KeyOutcome.String(string(info.Outcome)), KeyAttempts.Int(info.Attempts))
	if info.Trace != "" {
		sp.SetAttributes(KeyTrace.String(safeText(info.Trace, 256)))
	}
	if info.Code != "" {
		sp.SetAttributes(KeyCode.String(safeText(string(info.Code), 64)))
	}
	if info.CustomerNo != "" && t.customerNos {
		sp.SetAttributes(KeyCustomerNo.String(safeText(info.CustomerNo, 64)))
	}
	if info.Err != nil {
		setError(sp, info.Err, info.Outcome, info.Code)
	}
	sp.End()
}

// setError marks a span failed, by outcome class and code only: the
// error's text may echo personal data (a duplicate phone number), so it is
// not recorded.
func setError(sp trace.Span, err error, o multimarkets.Outcome, code multimarkets.ErrorCode) {
	msg := string(o)
	if code != "" {
		msg += " " + safeText(string(code), 64)
	}
	if o == multimarkets.OutcomeUnknown {
		msg += ": the write may have been carried out; look it up by multimarkets.trace before trying again"
	}
	sp.SetAttributes(semconv.ErrorTypeKey.String(errorType(o, code)))
	sp.AddEvent("exception", trace.WithAttributes(
		semconv.ExceptionTypeKey.String(errorTypeName(err)),
		semconv.ExceptionMessageKey.String(msg)))
	sp.SetStatus(codes.Error, msg)
}

func (t *Telemetry) attemptStart(ctx context.Context, info multimarkets.AttemptStartInfo) context.Context {
	attrs := []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(info.Method),
		KeyOperation.String(info.Operation),
		KeyAttempt.Int(info.Attempt),
		KeyTrace.String(safeText(info.Trace, 256)),
	}
	if info.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(info.Attempt-1))
	}
	ctx, sp := t.tracer.Start(ctx, info.Method+" "+info.Operation, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))
	return context.WithValue(ctx, attemptKey{}, sp)
}

func (t *Telemetry) attemptDone(ctx context.Context, info multimarkets.AttemptDoneInfo) {
	ctx = context.WithoutCancel(ctx)
	outcome := multimarkets.OutcomeOf(info.Err)
	op := KeyOperation.String(info.Operation)
	attrs := []attribute.KeyValue{op}
	if info.HTTPStatus > 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(info.HTTPStatus))
	}
	if info.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(outcome, info.Code)))
	}
	set := metric.WithAttributes(attrs...)
	t.m.attempts.Add(ctx, 1, set)
	t.m.attemptDuration.Record(ctx, info.Duration.Seconds(), set)
	if info.Retry {
		reason := errorType(outcome, info.Code)
		if info.RateLimited {
			reason = "rate_limited"
		}
		t.m.retries.Add(ctx, 1, metric.WithAttributes(op, semconv.ErrorTypeKey.String(reason)))
	}
	if info.RateLimited {
		t.m.rateLimited.Add(ctx, 1, metric.WithAttributes(op))
	}
	if rl := info.RateLimit; rl != nil {
		t.m.rateRemaining.Record(ctx, int64(rl.Remaining), metric.WithAttributes(op))
	}

	sp := spanOf(ctx, attemptKey{})
	if sp == nil {
		return
	}
	sp.SetAttributes(KeySent.Bool(info.Sent), KeyRetry.Bool(info.Retry))
	if info.HTTPStatus > 0 {
		sp.SetAttributes(semconv.HTTPResponseStatusCode(info.HTTPStatus))
	}
	if info.Code != "" {
		sp.SetAttributes(KeyCode.String(safeText(string(info.Code), 64)))
	}
	if info.Retry {
		sp.SetAttributes(KeyRetryDelay.Float64(info.RetryDelay.Seconds()))
	}
	if info.TokenExpired {
		sp.SetAttributes(KeyTokenExpired.Bool(true))
	}
	if rl := info.RateLimit; rl != nil {
		sp.SetAttributes(KeyRateLimitRemaining.Int(rl.Remaining), KeyRateLimitLimit.Int(rl.Limit), KeyRateLimitReset.Float64(rl.Reset.Seconds()))
	}
	if info.Err != nil {
		setError(sp, info.Err, outcome, info.Code)
	}
	sp.End()
}

func (t *Telemetry) renewStart(ctx context.Context, info multimarkets.TokenRenewInfo) context.Context {
	ctx, sp := t.tracer.Start(ctx, "multimarkets token renewal", trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(KeyOperation.String(info.Operation)))
	return context.WithValue(ctx, renewKey{}, sp)
}

func (t *Telemetry) renewDone(ctx context.Context, info multimarkets.TokenRenewDoneInfo) {
	ctx = context.WithoutCancel(ctx)
	outcome := multimarkets.OutcomeOf(info.Err)
	t.m.renewals.Add(ctx, 1, metric.WithAttributes(KeyOutcome.String(string(outcome))))
	sp := spanOf(ctx, renewKey{})
	if sp == nil {
		return
	}
	sp.SetAttributes(KeyOutcome.String(string(outcome)))
	if info.Err != nil {
		setError(sp, info.Err, outcome, multimarkets.CodeOf(info.Err))
	}
	sp.End()
}
