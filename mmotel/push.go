package mmotel

import (
	"context"
	"reflect"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/multimarkets-sdk/multimarkets-go/push"
)

type handleKey struct{}

// Push returns the observer for push.Options.Observer. Each handled event
// gets a span "multimarkets push <event type>" (kind consumer, a new trace
// linked to the span in Run's context, if any) that is the handler's
// context, so the handler's own spans are its children. Connections,
// reconnects, token rejections and group conflicts are metrics.
func (t *Telemetry) Push() *push.Observer {
	if t == nil {
		return nil
	}
	return &push.Observer{
		Connected: func(push.ConnectedInfo) { t.m.connects.Add(context.Background(), 1) },
		AuthFailed: func(info push.AuthFailedInfo) {
			var opts []metric.AddOption
			if info.StatusCode > 0 {
				opts = append(opts, metric.WithAttributes(semconv.HTTPResponseStatusCode(info.StatusCode)))
			}
			t.m.authFailures.Add(context.Background(), 1, opts...)
		},
		Reconnecting:  func(push.ReconnectingInfo) { t.m.reconnects.Add(context.Background(), 1) },
		GroupConflict: func(push.GroupConflictInfo) { t.m.groupConflicts.Add(context.Background(), 1) },
		Received: func(info push.ReceivedInfo) {
			t.m.events.Add(context.Background(), 1, metric.WithAttributes(eventTypeLabel(info.Event)))
		},
		Duplicate: func(info push.ReceivedInfo) {
			t.m.duplicates.Add(context.Background(), 1, metric.WithAttributes(eventTypeLabel(info.Event)))
		},
		HandleStart: t.handleStart,
		HandleDone:  t.handleDone,
	}
}

// eventTypeLabel is an event's type for a metric attribute: documented
// types as they are, anything else (the server's new types, malformed
// messages) "_OTHER".
func eventTypeLabel(ev *push.Event) attribute.KeyValue {
	if ev.Type.Known() {
		return KeyEventType.String(string(ev.Type))
	}
	return KeyEventType.String(otherValue)
}

func (t *Telemetry) handleStart(ctx context.Context, info push.HandleStartInfo) context.Context {
	ev := info.Event
	label := eventTypeLabel(ev)
	attrs := []attribute.KeyValue{
		KeyEventType.String(safeText(string(ev.Type), 64)),
		KeyLag.Float64(info.Lag.Seconds()),
		semconv.MessagingOperationTypeProcess,
	}
	if t.customerNos {
		if no := payloadCustomerNo(ev.Payload); no != "" {
			attrs = append(attrs, KeyCustomerNo.String(safeText(no, 64)))
		}
	}
	opts := []trace.SpanStartOption{trace.WithNewRoot(), trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(attrs...)}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: sc}))
	}
	ctx, sp := t.tracer.Start(ctx, "multimarkets push "+label.Value.AsString(), opts...)
	t.m.handlerLag.Record(context.WithoutCancel(ctx), info.Lag.Seconds(), metric.WithAttributes(label))
	return context.WithValue(ctx, handleKey{}, sp)
}

func (t *Telemetry) handleDone(ctx context.Context, info push.HandleDoneInfo) {
	ctx = context.WithoutCancel(ctx)
	attrs := []attribute.KeyValue{eventTypeLabel(info.Event)}
	if info.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String("handler_error"))
	}
	t.m.handlerDuration.Record(ctx, info.Duration.Seconds(), metric.WithAttributes(attrs...))
	sp := spanOf(ctx, handleKey{})
	if sp == nil {
		return
	}
	if info.Err != nil {
		// The handler's error text is the user's and may hold anything.
		sp.SetAttributes(semconv.ErrorTypeKey.String("handler_error"))
		sp.AddEvent("exception", trace.WithAttributes(semconv.ExceptionTypeKey.String(errorTypeName(info.Err))))
		sp.SetStatus(codes.Error, "handler returned an error")
	}
	sp.End()
}

// payloadCustomerNo returns the CustomerNo field of a typed push payload.
func payloadCustomerNo(p push.Payload) string {
	if p == nil {
		return ""
	}
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	f := v.FieldByName("CustomerNo")
	if f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}
