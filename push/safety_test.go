package push_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// A panic in user code other than the Handler ends Run with an error (a
// *HandlerError for KeyFunc, which runs on an event) instead of taking the
// process down or unwinding through Run.
func TestCallbackPanicsEndRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mod     func(o *push.Options)
		onEvent bool // the panic needs an event; it is then a *HandlerError
	}{
		{name: "KeyFunc", onEvent: true, mod: func(o *push.Options) {
			o.KeyFunc = func(ev *push.Event) string { panic("key of " + string(ev.ID)) }
		}},
		{name: "OnConnect", mod: func(o *push.Options) { o.OnConnect = func() { panic("connected") } }},
		{name: "OnError", mod: func(o *push.Options) {
			o.BaseURL = "http://127.0.0.1:1/openapi-b" // nothing listens: the dial fails and is reported
			o.OnError = func(error) { panic("reported") }
		}},
		{name: "TokenSource", mod: func(o *push.Options) { o.Token = panickyToken{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := pushtest.NewServer(pushtest.Options{})
			defer srv.Close()
			srv.EnsureGroup("g")
			opts := fastOpts(srv.BaseURL, "g")
			tt.mod(&opts)
			r := start(t, opts, newCollector().handle)
			if tt.onEvent {
				require.Eventually(t, func() bool { return srv.Connected("g") }, time.Minute, time.Millisecond)
				require.NoError(t, srv.Publish("kyc", map[string]any{"id": "7"}))
			}
			err := r.wait(t)
			require.ErrorIs(t, err, push.ErrPanic)
			assert.Contains(t, err.Error(), "safety_test.go:")
			var he *push.HandlerError
			if tt.onEvent {
				require.ErrorAs(t, err, &he)
				assert.Equal(t, "7", string(he.Event.ID))
			} else {
				assert.False(t, errors.As(err, &he))
			}
		})
	}
}

type panickyToken struct{}

func (panickyToken) Token(context.Context) (string, error) { panic("token store") }

// With a stuck handler the subscriber stops reading once
// Options.MaxBufferedBytes of events wait, whatever QueueSize allows, and
// resumes when the handler makes room: the bytes buffered never exceed the
// budget, and nothing is lost.
func TestStuckHandlerBoundsBufferedBytes(t *testing.T) {
	t.Parallel()
	const (
		n      = 200
		budget = 256 << 10
	)
	// Redeliver: on a busy machine a 20 ms ping write may time out and
	// end the connection; the events written to it then come again.
	srv := pushtest.NewServer(pushtest.Options{Redeliver: true})
	defer srv.Close()
	srv.EnsureGroup("g")
	release := make(chan struct{})
	c := newCollector()
	opts := fastOpts(srv.BaseURL, "g")
	opts.Workers, opts.QueueSize, opts.MaxBufferedBytes = 2, 10_000, budget
	opts.PingInterval, opts.PongTimeout = time.Second, time.Minute
	r := start(t, opts, func(ctx context.Context, ev *push.Event) error {
		<-release
		return c.handle(ctx, ev)
	})
	require.Eventually(t, func() bool { return srv.Connected("g") }, time.Minute, time.Millisecond)
	pad := strings.Repeat("x", 8<<10) // an event holds its message and its data: over 16 KiB
	for i := 0; i < n; i++ {
		require.NoError(t, srv.Publish("brand_new_event", map[string]any{"id": i, "customerNo": fmt.Sprint(i % 7), "pad": pad}))
	}
	// The reader fills the budget, then waits.
	require.Eventually(t, func() bool { now, _ := r.sub.BufferedBytes(); return now > budget-2*(16<<10) },
		time.Minute, time.Millisecond)
	now, peak := r.sub.BufferedBytes()
	assert.LessOrEqual(t, now, int64(budget))
	assert.LessOrEqual(t, peak, int64(budget))
	// Each event counts at least 16 KiB, so at most budget/16 KiB are
	// buffered, plus the one waiting for room and the one being read.
	assert.LessOrEqual(t, r.sub.Stats().Received, int64(budget/(16<<10)+2), "reading stopped")

	close(release)
	require.Eventually(t, func() bool { return c.len() == n }, time.Minute, time.Millisecond)
	now, peak = r.sub.BufferedBytes()
	assert.Zero(t, now)
	assert.LessOrEqual(t, peak, int64(budget), "never above the budget")
}

// Only a close the server means as a kick counts towards a group conflict:
// a normal close (1000) of healthy short sessions, KickThreshold times, or a
// reason naming a kick at once. Server error closes are reconnects, however
// many and however quick.
func TestOnlyKickClosesCountAsGroupConflict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code     websocket.StatusCode
		reason   string
		conflict int // closes that end Run with a group conflict; 0: never
	}{
		{code: websocket.StatusInternalError, reason: "internal error"},
		{code: websocket.StatusGoingAway, reason: "restarting"},
		{code: websocket.StatusPolicyViolation, reason: "slow consumer"},
		{code: websocket.StatusTryAgainLater},
		{code: 4000, reason: "overloaded"},
		{code: websocket.StatusNormalClosure, conflict: 3}, // KickThreshold
		{code: websocket.StatusPolicyViolation, reason: "kicked by a new session", conflict: 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.code, tt.reason), func(t *testing.T) {
			t.Parallel()
			srv := pushtest.NewServer(pushtest.Options{})
			defer srv.Close()
			srv.EnsureGroup("g")
			c := newCollector()
			r := start(t, fastOpts(srv.BaseURL, "g"), c.handle)
			closes := 6
			if tt.conflict > 0 {
				closes = tt.conflict
			}
			for i := 0; i < closes; i++ {
				require.Eventually(t, func() bool {
					return r.sub.Stats().Connects == int64(i+1) && srv.Connected("g") && r.sub.Stats().Pongs > int64(i)
				}, time.Minute, time.Millisecond, "session %d healthy", i)
				srv.CloseAll(tt.code, tt.reason)
			}
			if tt.conflict > 0 {
				var ge *push.GroupConflictError
				require.ErrorAs(t, r.wait(t), &ge)
				return
			}
			require.Eventually(t, func() bool { return r.sub.Stats().Connects == int64(closes+1) && srv.Connected("g") },
				time.Minute, time.Millisecond, "reconnected after every close")
			require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1"}))
			require.Eventually(t, func() bool { return c.len() == 1 }, time.Minute, time.Millisecond)
			select {
			case err := <-r.done:
				r.done <- err
				t.Fatalf("Run stopped after server error closes: %v", err)
			default:
			}
		})
	}
}

// The handshake never follows a redirect, to another host or to its own:
// the token and group headers must not reach the target. The attempt fails
// with an error naming the status and the target host, without the
// target's path or query string.
func TestHandshakeNeverFollowsRedirect(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, sameHost := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d same host %v", status, sameHost), func(t *testing.T) {
				t.Parallel()
				var mu sync.Mutex
				var got []http.Header
				record := func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					got = append(got, r.Header.Clone())
					mu.Unlock()
					http.Error(w, "no", http.StatusNotFound)
				}
				target := httptest.NewServer(http.HandlerFunc(record))
				defer target.Close()
				mux := http.NewServeMux()
				mux.HandleFunc("/elsewhere", record)
				var hub *httptest.Server
				mux.HandleFunc("/openapi-b/ws", func(w http.ResponseWriter, r *http.Request) {
					to := target.URL
					if sameHost {
						to = hub.URL
					}
					http.Redirect(w, r, to+"/elsewhere?sig=s3cr3t", status)
				})
				hub = httptest.NewServer(mux)
				defer hub.Close()

				var reported atomic.Pointer[error]
				opts := fastOpts(hub.URL+"/openapi-b", "g")
				opts.Token = push.StaticToken("tok-secret")
				opts.OnError = func(err error) { reported.Store(&err) }
				r := start(t, opts, newCollector().handle)
				require.Eventually(t, func() bool { return reported.Load() != nil }, time.Minute, time.Millisecond)
				require.ErrorIs(t, r.stop(t), context.Canceled, "a redirect is a failed attempt, retried; Run ends by ctx")

				err := *reported.Load()
				u, _ := url.Parse(target.URL)
				if sameHost {
					u, _ = url.Parse(hub.URL)
				}
				assert.Contains(t, err.Error(), fmt.Sprint(status))
				assert.Contains(t, err.Error(), "host "+u.Host)
				assert.NotContains(t, err.Error(), "s3cr3t")
				assert.NotContains(t, err.Error(), "elsewhere")
				mu.Lock()
				defer mu.Unlock()
				assert.Empty(t, got, "the redirect target received nothing")
				assert.Zero(t, r.sub.Stats().Connects)
			})
		}
	}
}

// A handshake refusal that echoes the request does not carry the token
// into the error (AuthError.Body, or the error given to OnError).
func TestHandshakeRefusalDoesNotQuoteTheToken(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusUnauthorized, http.StatusBadGateway} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(status)
				fmt.Fprintf(w, "bad request with token=%s group=%s", r.Header.Get("token"), r.Header.Get("group"))
			}))
			defer echo.Close()
			var reported atomic.Pointer[error]
			opts := fastOpts(echo.URL+"/openapi-b", "g")
			opts.Token = push.StaticToken("tok-s3cr3t")
			opts.OnError = func(err error) { reported.Store(&err) }
			r := start(t, opts, newCollector().handle)
			var err error
			if status == http.StatusUnauthorized {
				err = r.wait(t)
				var ae *push.AuthError
				require.ErrorAs(t, err, &ae)
				assert.NotContains(t, ae.Body, "s3cr3t")
			} else {
				require.Eventually(t, func() bool { return reported.Load() != nil }, time.Minute, time.Millisecond)
				err = *reported.Load()
			}
			assert.Contains(t, err.Error(), "token=[REDACTED]")
			assert.NotContains(t, err.Error(), "s3cr3t")
		})
	}
}

// A failed dial is reported without the URL's query or user info, which
// may carry a credential.
func TestDialErrorHidesURLCredentials(t *testing.T) {
	t.Parallel()
	var reported atomic.Pointer[error]
	opts := fastOpts("http://user:pw-s3cr3t@127.0.0.1:1/openapi-b?sig=s3cr3t", "g")
	opts.OnError = func(err error) { reported.Store(&err) }
	r := start(t, opts, newCollector().handle)
	require.Eventually(t, func() bool { return reported.Load() != nil }, time.Minute, time.Millisecond)
	require.ErrorIs(t, r.stop(t), context.Canceled)
	err := *reported.Load()
	assert.Contains(t, err.Error(), "127.0.0.1:1")
	assert.NotContains(t, err.Error(), "s3cr3t")
}
