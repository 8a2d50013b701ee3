package push_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

func TestObserverSeesConnectionsEventsAndRejections(t *testing.T) {
	t.Parallel()
	srv := pushtest.NewServer(pushtest.Options{Authorize: func(tok string) bool { return tok == "good" }})
	defer srv.Close()
	srv.EnsureGroup("g")
	var mu sync.Mutex
	var log []string
	note := func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }
	has := func(s string) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, l := range log {
			if l == s {
				return true
			}
		}
		return false
	}
	opts := fastOpts(srv.BaseURL, "g")
	opts.Token = &flakyToken{}
	opts.Observer = &push.Observer{
		Connected:    func(i push.ConnectedInfo) { note("connected " + i.Group) },
		AuthFailed:   func(i push.AuthFailedInfo) { note("auth failed") },
		Reconnecting: func(i push.ReconnectingInfo) { note("reconnecting") },
		Received:     func(i push.ReceivedInfo) { note("received " + string(i.Event.Type)) },
		Duplicate:    func(i push.ReceivedInfo) { note("duplicate " + string(i.Event.Type)) },
		HandleStart: func(ctx context.Context, i push.HandleStartInfo) context.Context {
			note("start " + string(i.Event.Type))
			return context.WithValue(ctx, ctxKey{}, "from observer")
		},
		HandleDone: func(_ context.Context, i push.HandleDoneInfo) { note("done " + string(i.Event.Type)) },
	}
	start(t, opts, func(ctx context.Context, ev *push.Event) error {
		if ctx.Value(ctxKey{}) != "from observer" {
			t.Error("the handler does not get HandleStart's context")
		}
		return nil
	})
	const wait = time.Minute
	require.Eventually(t, func() bool { return has("connected g") }, wait, time.Millisecond)
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1"}))
	require.Eventually(t, func() bool { return has("done kyc") }, wait, time.Millisecond)
	srv.Resend("g", 1)
	require.Eventually(t, func() bool { return has("duplicate kyc") }, wait, time.Millisecond)
	assert.True(t, has("auth failed"), "the first token was rejected")
	assert.True(t, has("reconnecting"))
	assert.True(t, has("received kyc"))
	assert.True(t, has("start kyc"))
}

type ctxKey struct{}

// flakyToken hands out a rejected token first, then a good one.
type flakyToken struct {
	mu sync.Mutex
	n  int
}

func (f *flakyToken) Token(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if f.n == 1 {
		return "bad", nil
	}
	return "good", nil
}

func (f *flakyToken) Refresh(ctx context.Context, _ string) (string, error) { return f.Token(ctx) }

func TestPanickingObserverDoesNotStopTheStream(t *testing.T) {
	t.Parallel()
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	boom := func() { panic(errors.New("observer bug")) }
	var mu sync.Mutex
	var reported []string
	c := newCollector()
	opts := fastOpts(srv.BaseURL, "g")
	opts.OnError = func(err error) { mu.Lock(); reported = append(reported, err.Error()); mu.Unlock() }
	opts.Observer = &push.Observer{
		Connected:   func(push.ConnectedInfo) { boom() },
		Received:    func(push.ReceivedInfo) { boom() },
		HandleStart: func(context.Context, push.HandleStartInfo) context.Context { boom(); return nil },
		HandleDone:  func(context.Context, push.HandleDoneInfo) { boom() },
	}
	start(t, opts, c.handle)
	require.Eventually(t, func() bool { return srv.Connected("g") }, time.Minute, time.Millisecond)
	for i := 0; i < 3; i++ {
		require.NoError(t, srv.Publish("kyc", map[string]any{"id": i}))
	}
	require.Eventually(t, func() bool { return c.len() == 3 }, time.Minute, time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	joined := strings.Join(reported, "\n")
	assert.Contains(t, joined, "push: Observer.Received panicked")
	assert.Contains(t, joined, "push: Observer.HandleStart panicked")
	assert.NotContains(t, joined, "observer bug", "the panic's value is not reported")
}
