package push_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// faultyState is a MemoryState whose lease calls can be made to fail: as if
// another process had taken the lease, the database were unreachable, or
// the State's code panicked.
type faultyState struct {
	*push.MemoryState
	mode atomic.Value // string: "", "taken", "unreachable", "panic"
}

func (f *faultyState) AcquireLease(ctx context.Context, group, holder string, now time.Time, ttl time.Duration) (bool, error) {
	switch f.mode.Load() {
	case "taken":
		return false, nil
	case "unreachable":
		return false, errors.New("connection refused")
	case "panic":
		panic("state bug")
	}
	return f.MemoryState.AcquireLease(ctx, group, holder, now, ttl)
}

func (f *faultyState) Seen(ctx context.Context, group string, id push.EventID) (bool, error) {
	if f.mode.Load() == "panic" {
		panic("state bug")
	}
	return f.MemoryState.Seen(ctx, group, id)
}

func (f *faultyState) MarkHandled(ctx context.Context, group string, id push.EventID) error {
	if f.mode.Load() == "panic" {
		panic("state bug")
	}
	return f.MemoryState.MarkHandled(ctx, group, id)
}

func leaseOpts(base string, st push.State) push.Options {
	return push.Options{
		BaseURL: base, Token: push.StaticToken("tok"), Group: "g", State: st, LeaseTTL: 300 * time.Millisecond,
		PingInterval: 20 * time.Millisecond, PongTimeout: 2 * time.Second,
		BackoffMin: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
	}
}

// TestLeaderDisconnectsWhenItCannotHoldTheLease: a leader whose lease is
// taken, whose State is unreachable or panics disconnects (before the lease
// would end, so that a standby never overlaps) and, once the State works
// again, leads again; events are not lost meanwhile (the server keeps them
// for the group).
func TestLeaderDisconnectsWhenItCannotHoldTheLease(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"taken", "unreachable", "panic"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			hub := pushtest.NewServer(pushtest.Options{})
			defer hub.Close()
			hub.EnsureGroup("g")
			st := &faultyState{MemoryState: push.NewMemoryState(0)}
			st.mode.Store("")
			var got atomic.Int64
			var errs sync.Map
			o := leaseOpts(hub.BaseURL, st)
			o.OnError = func(err error) { errs.Store(err.Error(), true) }
			sub, err := push.New(o, func(context.Context, *push.Event) error { got.Add(1); return nil })
			require.NoError(t, err)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- sub.Run(ctx) }()
			defer func() {
				cancel()
				select {
				case <-done:
				case <-time.After(2 * time.Minute):
					t.Error("Run did not return")
				}
			}()

			require.Eventually(t, func() bool { return hub.Connected("g") }, 2*time.Minute, time.Millisecond)
			require.NoError(t, hub.Publish("test.n", map[string]any{"id": 1}))
			require.Eventually(t, func() bool { return got.Load() == 1 }, 2*time.Minute, time.Millisecond)

			st.mode.Store(mode)
			require.Eventually(t, func() bool { return !hub.Connected("g") }, 2*time.Minute, time.Millisecond, "the leader disconnects")
			require.NoError(t, hub.Publish("test.n", map[string]any{"id": 2}))
			connects := sub.Stats().Connects

			st.mode.Store("")
			require.Eventually(t, func() bool { return sub.Stats().Connects > connects && got.Load() == 2 }, 2*time.Minute, time.Millisecond,
				"leads again and gets what was published meanwhile")
			found := false
			errs.Range(func(k, _ any) bool {
				found = true
				return false
			})
			assert.True(t, found, "the loss of the lease is reported to OnError")
		})
	}
}

// TestOneLeaderAmongMany: several Subscribers of one group started at once
// on one MemoryState: exactly one connects; each event is handled once.
func TestOneLeaderAmongMany(t *testing.T) {
	t.Parallel()
	hub := pushtest.NewServer(pushtest.Options{})
	defer hub.Close()
	hub.EnsureGroup("g")
	st := push.NewMemoryState(0)
	var connects atomic.Int64
	var mu sync.Mutex
	count := map[string]int{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		o := leaseOpts(hub.BaseURL, st)
		o.LeaseTTL = time.Minute // no renewal is ever late, however loaded the machine
		o.OnConnect = func() { connects.Add(1) }
		sub, err := push.New(o, func(_ context.Context, ev *push.Event) error {
			mu.Lock()
			count[ev.ID.String()]++
			mu.Unlock()
			return nil
		})
		require.NoError(t, err)
		wg.Add(1)
		go func() { defer wg.Done(); _ = sub.Run(ctx) }()
	}
	defer func() { cancel(); wg.Wait() }()
	require.Eventually(t, func() bool { return hub.Connected("g") }, 2*time.Minute, time.Millisecond)
	for i := 0; i < 100; i++ {
		require.NoError(t, hub.Publish("test.n", map[string]any{"id": i}))
	}
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(count) == 100
	}, 2*time.Minute, time.Millisecond)
	mu.Lock()
	for k, n := range count {
		assert.Equal(t, 1, n, k)
	}
	mu.Unlock()
	assert.Equal(t, int64(1), connects.Load(), "exactly one connected")
	assert.Zero(t, hub.Stats().Kicks)
}

// TestGroupMustSuitAState: a group no database would store, and a LeaseTTL
// that would poll the State in a tight loop, are refused at New.
func TestGroupMustSuitAState(t *testing.T) {
	t.Parallel()
	for _, g := range []string{"bad\xffutf8", "nul\x00"} {
		o := leaseOpts("http://127.0.0.1:1", push.NewMemoryState(0))
		o.Group = g
		_, err := push.New(o, func(context.Context, *push.Event) error { return nil })
		assert.Error(t, err, "%q", g)
		o.State = nil
		_, err = push.New(o, func(context.Context, *push.Event) error { return nil })
		assert.NoError(t, err, "%q without a State", g)
	}
	o := leaseOpts("http://127.0.0.1:1", push.NewMemoryState(0))
	o.LeaseTTL = time.Nanosecond
	_, err := push.New(o, func(context.Context, *push.Event) error { return nil })
	assert.ErrorContains(t, err, "LeaseTTL", "a tiny LeaseTTL would poll the State in a tight loop")
}
