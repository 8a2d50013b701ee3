package mmotel_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace"

	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

func TestPushReconnect(t *testing.T) {
	t.Parallel()
	r := newRecorder(t, mmotel.WithCustomerNumbers())
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")

	var mu sync.Mutex
	var handled []*push.Event
	sub, err := push.New(push.Options{
		BaseURL: srv.BaseURL, Token: push.StaticToken("tok"), Group: "g",
		PingInterval: 20 * time.Millisecond, PongTimeout: 5 * time.Second,
		BackoffMin: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
		Observer: r.tel.Push(),
	}, func(ctx context.Context, ev *push.Event) error {
		// The handler's context carries the event's span.
		if !trace.SpanContextFromContext(ctx).IsValid() {
			t.Error("the handler's context has no span")
		}
		mu.Lock()
		handled = append(handled, ev)
		mu.Unlock()
		return nil
	})
	require.NoError(t, err)
	ctx, runner := r.tp.Tracer("test").Start(context.Background(), "runner")
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- sub.Run(ctx) }()
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(handled) }

	const wait, tick = time.Minute, 5 * time.Millisecond
	require.Eventually(t, func() bool { return srv.Connected("g") }, wait, tick)
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1", "customerNo": "86000001", "kycLevel": 1}))
	require.Eventually(t, func() bool { return count() == 1 }, wait, tick)
	srv.Drop()
	require.Eventually(t, func() bool { return sub.Stats().Connects == 2 && srv.Connected("g") }, wait, tick)
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "2", "customerNo": "86000002", "kycLevel": 1}))
	require.NoError(t, srv.Publish("brand_new_type", map[string]any{"id": "3"}))
	require.Eventually(t, func() bool { return count() == 3 }, wait, tick)
	srv.Resend("g", 1)
	require.Eventually(t, func() bool { return sub.Stats().Duplicates == 1 }, wait, tick)
	cancel()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("Run did not return")
	}
	runner.End()

	var spans []span
	for _, s := range r.ended() {
		if s.Name() == "runner" {
			continue
		}
		require.Len(t, s.Links(), 1, "linked to the span of Run's context")
		assert.Equal(t, runner.SpanContext().SpanID(), s.Links()[0].SpanContext.SpanID())
		a := attrs(s.Attributes())
		lag, ok := a["multimarkets.push.lag"].(float64)
		assert.True(t, ok && lag >= 0, "lag recorded in seconds")
		delete(a, "multimarkets.push.lag")
		spans = append(spans, span{Name: s.Name(), Kind: s.SpanKind(), Parent: parentName(s.Parent()), Attrs: a})
	}
	// Events of different keys are handled concurrently: any order.
	assert.ElementsMatch(t, []span{
		{Name: "multimarkets push kyc", Kind: trace.SpanKindConsumer, Attrs: map[string]any{
			"multimarkets.push.event_type": "kyc", "messaging.operation.type": "process", "multimarkets.customer_no": "86000001"}},
		{Name: "multimarkets push kyc", Kind: trace.SpanKindConsumer, Attrs: map[string]any{
			"multimarkets.push.event_type": "kyc", "messaging.operation.type": "process", "multimarkets.customer_no": "86000002"}},
		{Name: "multimarkets push _OTHER", Kind: trace.SpanKindConsumer, Attrs: map[string]any{
			"multimarkets.push.event_type": "brand_new_type", "messaging.operation.type": "process"}},
	}, spans)

	m := r.metrics(t)
	assert.Equal(t, []point{{"", 2}}, points(t, m[mmotel.MetricPushConnects]))
	assert.Equal(t, []point{{"", 1}}, points(t, m[mmotel.MetricPushReconnects]))
	// The re-sent event is the last one, of the undocumented type.
	assert.Equal(t, []point{{"multimarkets.push.event_type=_OTHER", 2}, {"multimarkets.push.event_type=kyc", 2}},
		points(t, m[mmotel.MetricPushEvents]), "duplicates included")
	assert.Equal(t, []point{{"multimarkets.push.event_type=_OTHER", 1}}, points(t, m[mmotel.MetricPushDuplicates]))
	assert.Equal(t, []point{{"multimarkets.push.event_type=_OTHER", 1}, {"multimarkets.push.event_type=kyc", 2}},
		points(t, m[mmotel.MetricPushHandlerDur]))
	assert.Equal(t, []point{{"multimarkets.push.event_type=_OTHER", 1}, {"multimarkets.push.event_type=kyc", 2}},
		points(t, m[mmotel.MetricPushHandlerLag]))
	assert.NotContains(t, m, mmotel.MetricPushAuthFailures)
	assert.NotContains(t, m, mmotel.MetricPushGroupConflicts)
	assertNothingSensitive(t, r, []string{"tok"})
}

func parentName(sc trace.SpanContext) string {
	if sc.IsValid() {
		return "?"
	}
	return ""
}

// TestPushGroupConflictAndRejection: a rejected token and a kicked
// subscriber are counted.
func TestPushGroupConflictAndRejection(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	srv := pushtest.NewServer(pushtest.Options{KickReason: "kicked: group in use",
		Authorize: func(tok string) bool { return tok != "bad" }})
	defer srv.Close()
	opts := push.Options{BaseURL: srv.BaseURL, Token: &firstBad{}, Group: "shared",
		PingInterval: 20 * time.Millisecond, PongTimeout: 5 * time.Second,
		BackoffMin: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond, Observer: r.tel.Push()}
	handle := func(context.Context, *push.Event) error { return nil }
	a, err := push.New(opts, handle)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	require.Eventually(t, func() bool { return srv.Connected("shared") }, time.Minute, 5*time.Millisecond)

	opts.Token, opts.Observer = push.StaticToken("good"), nil
	b, err := push.New(opts, handle)
	require.NoError(t, err)
	go func() { _ = b.Run(ctx) }()
	select {
	case err := <-done:
		var ge *push.GroupConflictError
		require.ErrorAs(t, err, &ge)
	case <-time.After(time.Minute):
		t.Fatal("the kicked subscriber kept running")
	}

	m := r.metrics(t)
	assert.Equal(t, []point{{"http.response.status_code=401", 1}}, points(t, m[mmotel.MetricPushAuthFailures]))
	assert.Equal(t, []point{{"", 1}}, points(t, m[mmotel.MetricPushGroupConflicts]))
	assert.Equal(t, []point{{"", 1}}, points(t, m[mmotel.MetricPushConnects]))
}

// firstBad is a token source whose first token is rejected.
type firstBad struct {
	mu sync.Mutex
	n  int
}

func (f *firstBad) Token(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if f.n == 1 {
		return "bad", nil
	}
	return "good", nil
}

func (f *firstBad) Refresh(ctx context.Context, _ string) (string, error) { return f.Token(ctx) }
