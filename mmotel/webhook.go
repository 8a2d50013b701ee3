package mmotel

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/multimarkets-sdk/multimarkets-go/msgchannel"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// Wallet returns the observer for wallet.Config.Observer. Each answered
// call gets a span "multimarkets webhook wallet.<type>" (kind server, a
// child of the span in the request's context, e.g. otelhttp's) with the
// answer code and MultiMarkets' trace; repeats and busy leases are
// counted.
func (t *Telemetry) Wallet() *wallet.Observer {
	if t == nil {
		return nil
	}
	return &wallet.Observer{
		Answered: func(ctx context.Context, info wallet.AnsweredInfo) {
			failed := info.Code == wallet.CodeInternal || info.Code == wallet.CodeTimeout
			t.webhook(ctx, "wallet."+info.Type, info.Code, info.Trace, info.Duration, failed)
		},
		Repeated: func(info wallet.RepeatedInfo) {
			t.m.repeats.Add(context.Background(), 1, metric.WithAttributes(
				KeyWebhook.String("wallet."+info.Type), KeyAnswerCode.String(safeText(info.Code, 64))))
		},
		LeaseBusy: func(info wallet.LeaseBusyInfo) {
			t.m.leaseBusy.Add(context.Background(), 1, metric.WithAttributes(KeyRecordState.String(string(info.State))))
		},
	}
}

// MsgChannel returns the observer for msgchannel.Config.Observer. Each
// answered message gets a span "multimarkets webhook msgchannel.<kind>"
// (kind server) with the answer code; the recipient and content are never
// recorded. Repeated messages are counted.
func (t *Telemetry) MsgChannel() *msgchannel.Observer {
	if t == nil {
		return nil
	}
	return &msgchannel.Observer{
		Answered: func(ctx context.Context, info msgchannel.AnsweredInfo) {
			typ := "msgchannel"
			if info.Kind != "" {
				typ += "." + string(info.Kind)
			}
			t.webhook(ctx, typ, info.Code, "", info.Duration, info.Code == msgchannel.CodeSendFailed)
			if info.Repeated {
				t.m.repeats.Add(context.WithoutCancel(ctx), 1, metric.WithAttributes(KeyWebhook.String(typ), KeyAnswerCode.String(info.Code)))
			}
		},
	}
}

// webhook records one answered webhook call: its span (started
// retroactively at the request's arrival) and its duration.
func (t *Telemetry) webhook(ctx context.Context, typ, code, mmTrace string, d time.Duration, failed bool) {
	ctx = context.WithoutCancel(ctx)
	code = safeText(code, 64)
	t.m.webhookDuration.Record(ctx, d.Seconds(), metric.WithAttributes(KeyWebhook.String(typ), KeyAnswerCode.String(code)))
	end := time.Now()
	attrs := []attribute.KeyValue{KeyWebhook.String(typ), KeyAnswerCode.String(code)}
	if mmTrace != "" {
		attrs = append(attrs, KeyTrace.String(safeText(mmTrace, 256)))
	}
	_, sp := t.tracer.Start(ctx, "multimarkets webhook "+typ, trace.WithSpanKind(trace.SpanKindServer),
		trace.WithTimestamp(end.Add(-d)), trace.WithAttributes(attrs...))
	if failed {
		sp.SetStatus(codes.Error, "answered "+code)
	}
	sp.End(trace.WithTimestamp(end))
}
