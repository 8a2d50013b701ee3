package pushsql_test

import (
	"context"
	"encoding/json"
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

func opts(base string, st push.State) push.Options {
	return push.Options{
		BaseURL: base, Token: push.StaticToken("tok"), Group: "g", State: st,
		PingInterval: 50 * time.Millisecond, PongTimeout: 2 * time.Second,
		BackoffMin: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
		LeaseTTL: 2 * time.Second,
	}
}

// numberOf is the "n" of an event published by publish.
func numberOf(t *testing.T, ev *push.Event) int {
	var d struct{ N int }
	require.NoError(t, json.Unmarshal(ev.Data, &d))
	return d.N
}

func publish(t *testing.T, hub *pushtest.Server, n int) {
	require.NoError(t, hub.Publish("test.numbered", map[string]any{"id": n, "n": n}))
}

// runSub runs a Subscriber until the returned stop is called (or the test
// ends); connected is closed at its first connection.
func runSub(t *testing.T, o push.Options, h push.Handler) (stop func() error, connected chan struct{}) {
	t.Helper()
	connected = make(chan struct{})
	var once sync.Once
	o.OnConnect = func() { once.Do(func() { close(connected) }) }
	sub, err := push.New(o, h)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sub.Run(ctx) }()
	var stopOnce sync.Once
	var runErr error
	stop = func() error {
		stopOnce.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(2 * time.Minute):
				runErr = errors.New("Run did not return")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return stop, connected
}

func waitClosed(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(2 * time.Minute):
		t.Fatal(what)
	}
}

// TestRestartDoesNotReplayHandledEvents: a server that re-sends everything
// to the group's next connection (pushtest Redeliver) does not get the
// handled events to the handler again after a restart, since the State
// remembers them; without a State it would.
func TestRestartDoesNotReplayHandledEvents(t *testing.T) {
	t.Parallel()
	forEach(t, func(t *testing.T, newState func() push.State) {
		hub := pushtest.NewServer(pushtest.Options{Redeliver: true})
		defer hub.Close()
		hub.EnsureGroup("g")
		const n = 50
		for i := 1; i <= n; i++ {
			publish(t, hub, i)
		}
		var mu sync.Mutex
		count := map[int]int{}
		handle := func(_ context.Context, ev *push.Event) error {
			mu.Lock()
			count[numberOf(t, ev)]++
			mu.Unlock()
			return nil
		}
		handled := func() int {
			mu.Lock()
			defer mu.Unlock()
			return len(count)
		}

		stop, _ := runSub(t, opts(hub.BaseURL, newState()), handle)
		require.Eventually(t, func() bool { return handled() == n }, 2*time.Minute, 5*time.Millisecond)
		require.ErrorIs(t, stop(), context.Canceled)

		// A new process: the server re-sends all 50, then one more comes.
		o := opts(hub.BaseURL, newState())
		sub, err := push.New(o, handle)
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- sub.Run(ctx) }()
		defer func() { cancel(); <-done }()
		require.Eventually(t, func() bool { return sub.Stats().Duplicates == n }, 2*time.Minute, 5*time.Millisecond)
		publish(t, hub, n+1)
		require.Eventually(t, func() bool { return handled() == n+1 }, 2*time.Minute, 5*time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		for i := 1; i <= n+1; i++ {
			assert.Equal(t, 1, count[i], "event %d handled once", i)
		}
	})
}

// crashable is a State as seen by a process that can crash: after the
// crash its lease is neither renewed nor released (it runs out), as when
// the process is killed.
type crashable struct {
	push.State
	dead atomic.Bool
}

func (c *crashable) AcquireLease(ctx context.Context, group, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if c.dead.Load() {
		return false, errors.New("crashed")
	}
	return c.State.AcquireLease(ctx, group, holder, now, ttl)
}

func (c *crashable) ReleaseLease(ctx context.Context, group, holder string) error {
	if c.dead.Load() {
		return nil
	}
	return c.State.ReleaseLease(ctx, group, holder)
}

// TestFailover: two Subscribers of one group on one State; only the leader
// connects. The leader crashes (stops at once, handing nothing more to its
// handler, and leaves its lease to run out) while events keep coming; the
// standby connects within the documented bound (4/3 of LeaseTTL plus a
// handshake), no event is handed to two handlers, and none is lost (the
// server re-sends what the group's connections were sent).
func TestFailover(t *testing.T) {
	t.Parallel()
	forEach(t, func(t *testing.T, newState func() push.State) {
		hub := pushtest.NewServer(pushtest.Options{Redeliver: true})
		defer hub.Close()
		hub.EnsureGroup("g")

		var mu sync.Mutex
		by := map[int][]string{} // event number → the handlers that got it
		handler := func(name string) push.Handler {
			return func(_ context.Context, ev *push.Event) error {
				mu.Lock()
				by[numberOf(t, ev)] = append(by[numberOf(t, ev)], name)
				mu.Unlock()
				return nil
			}
		}
		handledBy := func(name string) (n int) {
			mu.Lock()
			defer mu.Unlock()
			for _, hs := range by {
				for _, h := range hs {
					if h == name {
						n++
					}
				}
			}
			return n
		}

		a := &crashable{State: newState()}
		oa := opts(hub.BaseURL, a)
		oa.DrainTimeout = -1 // a crash hands nothing more to the handler
		stopA, connA := runSub(t, oa, handler("A"))
		waitClosed(t, connA, "A never connected")
		stopB, connB := runSub(t, opts(hub.BaseURL, newState()), handler("B"))

		const total = 400
		published := make(chan struct{})
		go func() {
			defer close(published)
			for i := 1; i <= total; i++ {
				publish(t, hub, i)
				time.Sleep(time.Millisecond)
			}
		}()
		// (Were A's renewals ever late on a loaded machine, B would lead
		// early; the checks below hold either way.)
		require.Eventually(t, func() bool { return handledBy("A")+handledBy("B") >= 50 }, 2*time.Minute, time.Millisecond)

		a.dead.Store(true) // crash
		crashed := time.Now()
		require.ErrorIs(t, stopA(), context.Canceled)
		waitClosed(t, connB, "the standby never took over")
		took := time.Since(crashed)
		t.Logf("standby connected %v after the crash (bound: 4/3 of LeaseTTL %v, plus a handshake)", took, oa.LeaseTTL)
		assert.Less(t, took, 4*oa.LeaseTTL/3+time.Minute, "takeover bounded (the minute is slack for a loaded machine)")

		<-published
		require.Eventually(t, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(by) == total
		}, 2*time.Minute, 5*time.Millisecond, "every event handled")
		require.NoError(t, func() error { _ = stopB(); return nil }())

		mu.Lock()
		defer mu.Unlock()
		for i := 1; i <= total; i++ {
			assert.Len(t, by[i], 1, "event %d: handled by %v", i, by[i])
		}
		assert.Zero(t, hub.Stats().Kicks, "never two connections of the group at once")
		t.Logf("A handled %d, B %d", countOf(by, "A"), countOf(by, "B"))
	})
}

func countOf(by map[int][]string, name string) (n int) {
	for _, hs := range by {
		for _, h := range hs {
			if h == name {
				n++
			}
		}
	}
	return n
}
