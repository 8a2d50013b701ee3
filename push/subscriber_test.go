package push_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// hang bounds every wait in these tests. It only guards against a hang: a
// busy machine may be slow, and no test depends on how slow.
const hang = 2 * time.Minute

// poll is how often a waiting test checks its condition.
const poll = 5 * time.Millisecond

// fastOpts shortens the ping and backoff intervals so fault tests run fast.
// The pong timeout stays long: on a busy machine a pong can be late, and a
// heartbeat timeout loses the events in flight (the fake, like the real
// server, is at most once). Tests of the heartbeat timeout set their own.
// The ping interval is also how long a ping may take to write before the
// connection is dropped, so it is not shorter than a busy machine's stalls.
func fastOpts(base, group string) push.Options {
	return push.Options{
		BaseURL:      base,
		Token:        push.StaticToken("tok"),
		Group:        group,
		PingInterval: 250 * time.Millisecond,
		PongTimeout:  time.Minute,
		BackoffMin:   5 * time.Millisecond,
		BackoffMax:   50 * time.Millisecond,
	}
}

type running struct {
	sub    *push.Subscriber
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, opts push.Options, h push.Handler) *running {
	t.Helper()
	sub, err := push.New(opts, h)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{sub: sub, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- sub.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(hang):
			t.Error("Run did not return")
		}
	})
	return r
}

// stop cancels Run and returns its error, failing if Run hangs.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	return r.wait(t)
}

// wait returns Run's error once Run has returned, failing if it hangs.
func (r *running) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for Cleanup and later waits
		return err
	case <-time.After(hang):
		t.Fatal("Run did not return")
		return nil
	}
}

// collector records delivered events.
type collector struct {
	mu     sync.Mutex
	events []*push.Event
	byID   map[string]int
}

func newCollector() *collector { return &collector{byID: map[string]int{}} }

func (c *collector) handle(_ context.Context, ev *push.Event) error {
	c.mu.Lock()
	c.events = append(c.events, ev)
	c.byID[string(ev.Type)+"/"+string(ev.ID)]++
	c.mu.Unlock()
	return nil
}

func (c *collector) len() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.events) }

func TestDeliversTypedUnknownAndMalformedEvents(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	c := newCollector()
	start(t, fastOpts(srv.BaseURL, "g"), c.handle)

	require.NoError(t, srv.PublishRegistration(pushtest.Registration{CustomerID: 80, CustomerNo: "86000080", AccountID: 1001394, Phone: "1845", PhoneArea: "+86"}))
	require.NoError(t, srv.PublishAdjustment(pushtest.Adjustment{CustomerID: 80, CustomerNo: "86000080", AccountID: 1001394, SubjectID: 601, WaterID: 7, Amount: "12.5", BalanceAfter: "112.5"}))
	require.NoError(t, srv.Publish("brand_new_event", map[string]any{"id": 5, "customerNo": "86000080", "x": []int{1}}))
	srv.PublishRaw([]byte(`{"data": {// comment` + "\u200b" + `}, "eventType": "register"}`))

	require.Eventually(t, func() bool { return c.len() == 6 }, hang, poll)
	c.mu.Lock()
	defer c.mu.Unlock()
	byType := map[push.EventType]*push.Event{}
	for _, ev := range c.events {
		if ev.Err != nil {
			byType["malformed"] = ev
			continue
		}
		byType[ev.Type] = ev
	}
	reg := byType[push.EventRegister].Payload.(*push.Register)
	assert.Equal(t, mm.FlexString("80"), reg.ID)
	assert.Equal(t, "86000080", reg.CustomerNo)
	assert.Equal(t, mm.LoginPhone, reg.RegisterType)
	acc := byType[push.EventOpenAccount].Payload.(*push.OpenAccount)
	assert.Equal(t, mm.FlexString("80"), acc.CustomerID) // a JSON number on the wire
	assert.Equal(t, mm.FlexString("1001394"), acc.ID)
	su := byType[push.EventSubjectUpdate].Payload.(*push.SubjectUpdate)
	assert.Equal(t, "112500000", su.Amount.String())
	assert.Equal(t, "112.500000", su.Amount.Scaled(int(su.Digits)).String())
	w := byType[push.EventSubjectWaterInsert].Payload.(*push.SubjectWaterInsert)
	assert.Equal(t, "12500000", w.AmountIn.String())
	assert.Equal(t, mm.FlowCFDFullLimitAdjustment, w.BusinessType)

	unk := byType["brand_new_event"]
	require.NotNil(t, unk)
	assert.Nil(t, unk.Payload)
	assert.NoError(t, unk.Err)
	assert.Equal(t, mm.FlexString("5"), unk.ID)
	assert.JSONEq(t, `{"id":5,"customerNo":"86000080","x":[1]}`, string(unk.Data))
	assert.Equal(t, "customer:86000080", unk.Key)

	bad := byType["malformed"]
	require.NotNil(t, bad)
	var de *push.DecodeError
	assert.ErrorAs(t, bad.Err, &de)
	assert.Contains(t, string(bad.Raw), "// comment")
}

// TestBurst100kWithFaultsExactlyOnce pushes 100,000 events through drops,
// re-sends, a silent heartbeat and an unknown event type, and checks that
// each is delivered exactly once. It waits for a sentinel published last,
// not for a time: on a slow machine it is slow, never wrong.
func TestBurst100kWithFaultsExactlyOnce(t *testing.T) {
	const n = 100_000
	// Redeliver: the drops below lose what was in flight unless the server
	// re-sends it; the test is about exactly-once delivery of what arrives.
	srv := pushtest.NewServer(pushtest.Options{Redeliver: true})
	defer srv.Close()
	srv.EnsureGroup("burst")

	var seen sync.Map
	var delivered, dupDeliveries atomic.Int64
	sentinel := make(chan struct{})
	opts := fastOpts(srv.BaseURL, "burst")
	opts.DedupWindow = 3 * n // the fake re-sends whole sessions after a drop
	r := start(t, opts, func(_ context.Context, ev *push.Event) error {
		if _, loaded := seen.LoadOrStore(ev.ID, true); loaded {
			dupDeliveries.Add(1)
		} else if ev.ID == "end" {
			close(sentinel)
		}
		delivered.Add(1)
		return nil
	})
	require.Eventually(t, func() bool { return srv.Connected("burst") }, hang, poll)

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	publish := func(id string, i int) { // PublishRaw: json.Marshal of 100k maps is slow under -race
		srv.PublishRaw(fmt.Appendf(nil, `{"data":{"accountId":%d,"amount":%d,"digits":6,"id":%q,"type":1,"version":%d},"eventType":"subject_update"}`,
			1000000+i%500, i, id, i))
	}
	for i := 0; i < n; i++ {
		publish(fmt.Sprint(i), i)
		switch i {
		case 20_000, 60_000:
			c := r.sub.Stats().Connects
			srv.Drop()
			require.Eventually(t, func() bool { return r.sub.Stats().Connects > c }, hang, poll)
		case 40_000:
			srv.Resend("burst", 5_000)
		case 80_000:
			srv.SetPongMode(pushtest.PongNone) // silent for a while: nothing is lost
		case 90_000:
			srv.PublishRaw([]byte(`{"eventType":"mystery","data":{"id":"m1"}}`))
			srv.SetPongMode(pushtest.PongText)
		}
	}
	srv.Resend("burst", 1_000) // trailing re-send: must all be suppressed
	publish("end", n)          // written after the re-sent events, on the same connection
	select {
	case <-sentinel:
	case <-time.After(5 * time.Minute): // 100k events under -race on a busy machine
		t.Fatalf("the last event was not delivered: %d of %d delivered", delivered.Load(), n+2)
	}
	// Every event before the sentinel has been read and de-duplicated;
	// stopping hands over whatever is still queued, so a duplicate that got
	// past de-duplication is counted below.
	require.NoError(t, ignoreCanceled(r.stop(t)))

	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)

	st := r.sub.Stats()
	assert.Equal(t, int64(n+2), delivered.Load(), "every event exactly once")
	assert.Zero(t, dupDeliveries.Load())
	for i := 0; i < n; i += 997 {
		_, ok := seen.Load(mm.FlexString(fmt.Sprint(i)))
		assert.True(t, ok, "event %d missing", i)
	}
	assert.Positive(t, st.Duplicates, "the fake re-sent events")
	assert.GreaterOrEqual(t, st.Connects, int64(3), "two drops force two reconnects")
	// Heap stays bounded: the 100k events themselves (~20 MB in the fake's
	// replay log) plus the dedup window; a leak of delivered events would be
	// far larger under -race.
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("stats %+v, heap growth %.1f MB", st, float64(growth)/(1<<20))
	assert.Less(t, growth, int64(150<<20))
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func TestStoppedPongsCauseReconnectNotLoss(t *testing.T) {
	// Redeliver: a busy machine may delay a pong past the short timeout
	// below once more after pongs resume; the event must survive that too.
	srv := pushtest.NewServer(pushtest.Options{Redeliver: true})
	defer srv.Close()
	srv.EnsureGroup("g")
	c := newCollector()
	var errs atomic.Int64
	opts := fastOpts(srv.BaseURL, "g")
	opts.PongTimeout = 300 * time.Millisecond
	opts.OnError = func(error) { errs.Add(1) }
	r := start(t, opts, c.handle)
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)

	srv.SetPongMode(pushtest.PongNone)
	require.Eventually(t, func() bool { return r.sub.Stats().Connects >= 2 }, hang, poll)
	srv.SetPongMode(pushtest.PongBinary)
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "20", "customerNo": "86000018", "status": 2}))
	require.Eventually(t, func() bool { return c.len() == 1 }, hang, poll)
	assert.Positive(t, errs.Load(), "heartbeat timeout reported")
	require.NoError(t, ignoreCanceled(r.stop(t)))
	assert.Equal(t, 1, c.len(), "a re-sent event is not delivered twice")
}

// Each form of the server's heartbeat answer counts as a pong (which keeps
// the connection alive), never as an event.
func TestEveryPongFormKeepsHealthyConnection(t *testing.T) {
	for _, mode := range []pushtest.PongMode{pushtest.PongBinary, pushtest.PongText} {
		t.Run(fmt.Sprint(mode), func(t *testing.T) {
			t.Parallel()
			srv := pushtest.NewServer(pushtest.Options{PongMode: mode})
			defer srv.Close()
			c := newCollector()
			r := start(t, fastOpts(srv.BaseURL, "g"), c.handle)
			require.Eventually(t, func() bool { return r.sub.Stats().Pongs >= 3 }, hang, poll)
			st := r.sub.Stats()
			assert.Equal(t, int64(1), st.Connects)
			assert.Zero(t, st.Received, "a pong is not an event")
			assert.Zero(t, c.len())
		})
	}
}

// Cancelling Run while handlers are stuck and the reader is blocked on a
// full queue stops it (DrainTimeout bounds the drain), accounts for the
// buffered events and leaves no goroutine behind.
func TestCancellationStopsWithoutLeaks(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	base := runtime.NumGoroutine()
	for i := 0; i < 3; i++ {
		srv.EnsureGroup("g")
		block := make(chan struct{})
		opts := fastOpts(srv.BaseURL, "g")
		opts.QueueSize = 1
		opts.Workers = 2
		opts.DrainTimeout = 200 * time.Millisecond // bounds the drain of a stuck handler
		r := start(t, opts, func(ctx context.Context, _ *push.Event) error {
			select { // a handler that honours ctx, but is stuck otherwise
			case <-block:
			case <-ctx.Done():
			}
			return nil
		})
		require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
		for j := 0; j < 50; j++ { // fill queues: the reader is now blocked on backpressure
			require.NoError(t, srv.Publish("register", map[string]any{"id": j, "customerNo": fmt.Sprint(j)}))
		}
		// Two events in the stuck handlers, so at least one more is queued
		// or held by the reader.
		require.Eventually(t, func() bool { return r.sub.Stats().Received >= 3 }, hang, poll)
		err := r.stop(t)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Positive(t, r.sub.Stats().Abandoned, "buffered events are accounted for")
		close(block)
	}
	srv.Close()
	require.Eventually(t, func() bool { return runtime.NumGoroutine() <= base+2 }, hang, poll,
		"goroutines: before %d, now %d", base, runtime.NumGoroutine())
}

func TestSameGroupKickIsReportedNotFought(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{}) // no close reason: timing heuristic only
	defer srv.Close()
	opts := fastOpts(srv.BaseURL, "shared")
	a := start(t, opts, newCollector().handle)
	require.Eventually(t, func() bool { return srv.Connected("shared") }, hang, poll)
	b := start(t, opts, newCollector().handle)

	var gotErr error
	select {
	case gotErr = <-a.done:
		a.done <- gotErr
	case gotErr = <-b.done:
		b.done <- gotErr
	case <-time.After(hang):
		t.Fatal("no subscriber noticed the group conflict")
	}
	var ge *push.GroupConflictError
	require.ErrorAs(t, gotErr, &ge)
	assert.Equal(t, "shared", ge.Group)
	assert.GreaterOrEqual(t, srv.Stats().Kicks, 2)
}

func TestKickReasonIsConclusive(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{KickReason: "kicked: group in use"})
	defer srv.Close()
	opts := fastOpts(srv.BaseURL, "shared")
	a := start(t, opts, newCollector().handle)
	require.Eventually(t, func() bool { return srv.Connected("shared") }, hang, poll)
	start(t, opts, newCollector().handle)
	select {
	case err := <-a.done:
		a.done <- err
		var ge *push.GroupConflictError
		require.ErrorAs(t, err, &ge)
	case <-time.After(hang):
		t.Fatal("kicked subscriber kept running")
	}
}

type rotatingToken struct {
	mu        sync.Mutex
	tok       string
	refreshes int
}

func (r *rotatingToken) Token(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tok, nil
}

func (r *rotatingToken) Refresh(_ context.Context, stale string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tok == stale {
		r.refreshes++
		r.tok = fmt.Sprintf("t%d", r.refreshes+1)
	}
	return r.tok, nil
}

func TestExpiredTokenIsRefreshed(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	src := &rotatingToken{tok: "t1"}
	opts := fastOpts(srv.BaseURL, "g")
	opts.Token = src
	c := newCollector()
	r := start(t, opts, c.handle)
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)

	srv.ExpireToken("t1")
	require.Eventually(t, func() bool { return r.sub.Stats().Connects >= 2 }, hang, poll)
	require.NoError(t, srv.Publish("deposit", map[string]any{"id": "89", "actualAmount": json.RawMessage("50.000000000")}))
	require.Eventually(t, func() bool { return c.len() == 1 }, hang, poll)
	src.mu.Lock()
	assert.Equal(t, 1, src.refreshes)
	src.mu.Unlock()
	assert.GreaterOrEqual(t, r.sub.Stats().Connects, int64(2))
	dep := c.events[0].Payload.(*push.Deposit)
	assert.Equal(t, "50.000000000", dep.ActualAmount.String(), "exact text, no float rounding")
}

func TestStaticTokenRejectedReturnsAuthError(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{Authorize: func(tok string) bool { return tok == "good" }})
	defer srv.Close()
	opts := fastOpts(srv.BaseURL, "g")
	opts.Token = push.StaticToken("bad")
	r := start(t, opts, newCollector().handle)
	select {
	case err := <-r.done:
		r.done <- err
		var ae *push.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 401, ae.StatusCode)
		assert.Contains(t, ae.Body, "GGATEWAY_CODE_017")
	case <-time.After(hang):
		t.Fatal("Run kept retrying a rejected static token")
	}
}

func TestHandlerErrorStopsRun(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	boom := errors.New("db down")
	r := start(t, fastOpts(srv.BaseURL, "g"), func(context.Context, *push.Event) error { return boom })
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1"}))
	select {
	case err := <-r.done:
		r.done <- err
		var he *push.HandlerError
		require.ErrorAs(t, err, &he)
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, push.EventKYC, he.Event.Type)
	case <-time.After(hang):
		t.Fatal("Run did not stop on handler error")
	}
}

func TestSlowHandlerBackpressureLosesNothing(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	release := make(chan struct{})
	c := newCollector()
	opts := fastOpts(srv.BaseURL, "g")
	opts.Workers, opts.QueueSize = 1, 2
	opts.PongTimeout = time.Second
	// Published before connecting: the reader blocks on its first reads,
	// not after a wait in which a late pong could end the connection.
	for i := 0; i < 200; i++ {
		require.NoError(t, srv.Publish("trade_deal", map[string]any{"id": i, "customerNo": "1"}))
	}
	r := start(t, opts, func(ctx context.Context, ev *push.Event) error {
		<-release
		return c.handle(ctx, ev)
	})
	// One event in the handler, two queued, one held by the blocked reader.
	require.Eventually(t, func() bool { return r.sub.Stats().Received == 4 }, hang, poll)
	// Stay blocked for three pong timeouts, and for three heartbeat checks
	// however slowly the machine runs them.
	blocked, pings := time.Now(), srv.Stats().Pings
	require.Eventually(t, func() bool {
		return time.Since(blocked) > 3*opts.PongTimeout && srv.Stats().Pings >= pings+3
	}, hang, poll)
	assert.Equal(t, int64(1), r.sub.Stats().Connects, "backpressure must not look like a dead connection")
	close(release)
	require.Eventually(t, func() bool { return c.len() == 200 }, hang, poll)
	for i, ev := range c.events {
		assert.Equal(t, mm.FlexString(fmt.Sprint(i)), ev.ID, "same key: arrival order")
	}
}

func TestPerKeyOrderingWithConcurrencyAcrossKeys(t *testing.T) {
	// Redeliver: every event arrives even if a busy machine drops the
	// connection (the re-sent ones are de-duplicated).
	srv := pushtest.NewServer(pushtest.Options{Redeliver: true})
	defer srv.Close()
	srv.EnsureGroup("g")
	var mu sync.Mutex
	last := map[string]int{}
	var count atomic.Int32
	var violations atomic.Int32
	// The first event (customer 860000) is held until an event of another
	// customer is being handled: only another worker can do that meanwhile.
	other := make(chan struct{})
	var otherOnce sync.Once
	var concurrent atomic.Bool
	opts := fastOpts(srv.BaseURL, "g")
	opts.Workers = 4
	start(t, opts, func(_ context.Context, ev *push.Event) error {
		p := ev.Payload.(*push.SubjectWaterInsert)
		if p.CustomerNo != "860000" {
			otherOnce.Do(func() { close(other) })
		}
		mu.Lock()
		if prev, ok := last[p.CustomerNo]; ok && int(p.Version) <= prev {
			violations.Add(1)
		}
		last[p.CustomerNo] = int(p.Version)
		mu.Unlock()
		if ev.ID == "0" {
			select {
			case <-other:
				concurrent.Store(true)
			case <-time.After(hang):
			}
		}
		count.Add(1)
		return nil
	})
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
	for i := 0; i < 2000; i++ {
		require.NoError(t, srv.Publish("subject_water_insert", map[string]any{
			"id": fmt.Sprint(i), "customerNo": fmt.Sprint(860000 + i%16), "version": i,
		}))
	}
	require.Eventually(t, func() bool { return count.Load() == 2000 }, hang, poll)
	assert.Zero(t, violations.Load())
	assert.True(t, concurrent.Load(), "different customers are handled concurrently")
}

func TestOptionsValidation(t *testing.T) {
	h := func(context.Context, *push.Event) error { return nil }
	_, err := push.New(push.Options{BaseURL: "https://h/openapi-b", Token: push.StaticToken("t")}, h)
	assert.Error(t, err, "group required")
	_, err = push.New(push.Options{BaseURL: "ftp://h", Token: push.StaticToken("t"), Group: "g"}, h)
	assert.Error(t, err)
	_, err = push.New(push.Options{BaseURL: "https://h", Group: "g"}, h)
	assert.Error(t, err, "token required")
	_, err = push.New(push.Options{BaseURL: "https://h", Group: "g", Token: push.StaticToken("t")}, nil)
	assert.Error(t, err)

	for in, want := range map[string]string{
		"https://api.multimarkets.org/openapi-b":    "wss://api.multimarkets.org/openapi-b/ws",
		"http://127.0.0.1:8080/openapi-b/":          "ws://127.0.0.1:8080/openapi-b/ws",
		"wss://pre-api-test.cmfbl.com/openapi-b/ws": "wss://pre-api-test.cmfbl.com/openapi-b/ws",
	} {
		got, err := push.WebSocketURL(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

func TestRunTwiceConcurrentlyIsRejected(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	r := start(t, fastOpts(srv.BaseURL, "g"), newCollector().handle)
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
	assert.ErrorIs(t, r.sub.Run(context.Background()), push.ErrAlreadyRunning)
}

// A handler that fails while Run is already shutting down (ctx cancelled)
// is still reported, and Run reads the failure without a data race (run
// with -race).
func TestHandlerErrorDuringShutdownIsReported(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	boom := errors.New("db down")
	entered, release := make(chan struct{}), make(chan struct{})
	r := start(t, fastOpts(srv.BaseURL, "g"), func(context.Context, *push.Event) error {
		close(entered)
		<-release // still running when Run shuts down
		return boom
	})
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1"}))
	<-entered
	r.cancel()
	// The normal close frame shows that Run is shutting down.
	require.Eventually(t, func() bool { return srv.Stats().NormalCloses == 1 }, hang, poll)
	close(release)
	assert.ErrorIs(t, r.wait(t), boom)
}

// After the handler fails on event N (returning an error or panicking), no
// later event is handed to it (not even one already buffered); the
// unprocessed events come back in HandlerError.Pending, in arrival order,
// so the caller can re-apply N and then the rest. A panic does not end the
// process, and its value (personal data here) is not in the error.
func TestHandlerErrorStopsFurtherEventsAndReturnsPending(t *testing.T) {
	boom := errors.New("db down")
	for _, mode := range []string{"error", "panic"} {
		t.Run(mode, func(t *testing.T) {
			srv := pushtest.NewServer(pushtest.Options{})
			defer srv.Close()
			srv.EnsureGroup("g")
			var mu sync.Mutex
			var handled []string
			opts := fastOpts(srv.BaseURL, "g")
			opts.Workers = 2
			var sub atomic.Pointer[push.Subscriber]
			r := start(t, opts, func(_ context.Context, ev *push.Event) error {
				mu.Lock()
				handled = append(handled, string(ev.ID))
				mu.Unlock()
				if ev.ID == "2" {
					// Fail only once events 3..9 are buffered behind this one.
					for sub.Load().Stats().Received < 10 {
						time.Sleep(time.Millisecond)
					}
					if mode == "panic" {
						panic("customer 86000001, phone 13800001234")
					}
					return boom
				}
				return nil
			})
			sub.Store(r.sub)
			require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
			for i := 0; i < 10; i++ {
				require.NoError(t, srv.Publish("kyc", map[string]any{"id": fmt.Sprint(i), "customerNo": "86000001"}))
			}
			var err error
			select {
			case err = <-r.done:
				r.done <- err
			case <-time.After(hang):
				t.Fatal("Run did not stop on handler error")
			}
			var he *push.HandlerError
			require.ErrorAs(t, err, &he)
			if mode == "panic" {
				assert.ErrorIs(t, err, push.ErrPanic)
				assert.Contains(t, err.Error(), "subscriber_test.go:", "names where it panicked")
				assert.NotContains(t, err.Error(), "13800001234", "not the panic value")
			} else {
				assert.ErrorIs(t, err, boom)
			}
			assert.Equal(t, mm.FlexString("2"), he.Event.ID)
			mu.Lock()
			assert.Equal(t, []string{"0", "1", "2"}, handled, "nothing after the failed event of the key")
			mu.Unlock()
			var pending []string
			for _, ev := range he.Pending {
				pending = append(pending, string(ev.ID))
				// Payloads are decoded by the workers; events that never
				// reached one come back decoded all the same.
				assert.IsType(t, &push.KYC{}, ev.Payload)
				assert.NoError(t, ev.Err)
			}
			assert.Equal(t, []string{"3", "4", "5", "6", "7", "8", "9"}, pending)
			assert.Equal(t, int64(7), r.sub.Stats().Abandoned)
		})
	}
}

// Stopping by ctx stops reading at once but, by default, delivers every
// event already read, with the handler's ctx still live, even when that
// takes longer than the old 300 ms drain.
func TestCancelDeliversEverythingAlreadyRead(t *testing.T) {
	const n = 50
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	gate := make(chan struct{})
	var handled atomic.Int64
	var ctxErrs atomic.Int64
	opts := fastOpts(srv.BaseURL, "g")
	opts.Workers, opts.QueueSize = 1, 2*n
	r := start(t, opts, func(ctx context.Context, ev *push.Event) error {
		if ev.ID == "0" {
			<-gate
			time.Sleep(400 * time.Millisecond) // slower than the old drain timeout
		}
		if ctx.Err() != nil {
			ctxErrs.Add(1)
		}
		handled.Add(1)
		return nil
	})
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
	for i := 0; i < n; i++ {
		require.NoError(t, srv.Publish("kyc", map[string]any{"id": fmt.Sprint(i), "customerNo": "1"}))
	}
	require.Eventually(t, func() bool { return r.sub.Stats().Received == n }, hang, poll)
	r.cancel()
	close(gate)
	for i := 0; i < 10; i++ { // published while Run drains: must not be read
		require.NoError(t, srv.Publish("kyc", map[string]any{"id": fmt.Sprint(n + i), "customerNo": "1"}))
	}
	err := r.stop(t)
	assert.ErrorIs(t, err, context.Canceled)
	st := r.sub.Stats()
	// A read already waiting when ctx ended may still return one message
	// (it is delivered, not dropped); no further read starts.
	assert.LessOrEqual(t, st.Received, int64(n+1), "nothing more is read after cancellation")
	assert.Equal(t, st.Received, handled.Load(), "every event already read is delivered")
	assert.Zero(t, st.Abandoned)
	assert.Zero(t, ctxErrs.Load(), "the handler's ctx stays live while draining")
}

// Plain network drops (no close frame) are ordinary reconnects, however
// many and however soon after connecting: only the server closing healthy
// sessions counts as a group conflict.
func TestPlainDropsAreNotAGroupConflict(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	c := newCollector()
	r := start(t, fastOpts(srv.BaseURL, "g"), c.handle)
	for i := 0; i < 6; i++ {
		require.Eventually(t, func() bool { return r.sub.Stats().Connects == int64(i+1) && srv.Connected("g") },
			hang, poll, "reconnect %d", i)
		require.Eventually(t, func() bool { return r.sub.Stats().Pongs > 0 }, hang, poll)
		srv.Drop()
	}
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
	require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1"}))
	require.Eventually(t, func() bool { return c.len() == 1 }, hang, poll)
	select {
	case err := <-r.done:
		r.done <- err
		t.Fatalf("Run stopped after plain drops: %v", err)
	default:
	}
}

// A message over MaxMessageBytes is delivered as an event with Err set
// (its first MaxMessageBytes bytes in Raw), reported via OnError, and
// neither ends the connection nor counts as a kick.
func TestOversizedMessageIsDeliveredNotAKick(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	srv.EnsureGroup("g")
	c := newCollector()
	var reported atomic.Int64
	opts := fastOpts(srv.BaseURL, "g")
	opts.MaxMessageBytes = 1024
	opts.OnError = func(err error) {
		if errors.Is(err, push.ErrMessageTooBig) {
			reported.Add(1)
		}
	}
	r := start(t, opts, c.handle)
	require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
	big := strings.Repeat("x", 4096)
	for i := 0; i < 4; i++ {
		require.NoError(t, srv.Publish("kyc", map[string]any{"id": fmt.Sprint(i), "remark": big}))
		require.NoError(t, srv.Publish("kyc", map[string]any{"id": fmt.Sprint(100 + i)}))
	}
	require.Eventually(t, func() bool { return c.len() == 8 }, hang, poll)
	c.mu.Lock()
	var tooBig int
	for _, ev := range c.events {
		if ev.Err != nil {
			assert.ErrorIs(t, ev.Err, push.ErrMessageTooBig)
			assert.Len(t, ev.Raw, 1024)
			tooBig++
		}
	}
	c.mu.Unlock()
	assert.Equal(t, 4, tooBig)
	assert.Equal(t, int64(4), reported.Load())
	assert.Equal(t, int64(1), r.sub.Stats().Connects, "the connection survives")
	select {
	case err := <-r.done:
		r.done <- err
		t.Fatalf("Run stopped: %v", err)
	default:
	}
}

// A server that accepts the handshake and then closes with "token
// expired" rejects the token as surely as an HTTP 401: a static token gets
// an *AuthError at once instead of reconnecting forever.
func TestExpiredCloseWithStaticTokenReturnsAuthError(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{RejectInBand: true, Authorize: func(tok string) bool { return tok == "good" }})
	defer srv.Close()
	opts := fastOpts(srv.BaseURL, "g")
	opts.Token = push.StaticToken("bad")
	r := start(t, opts, newCollector().handle)
	select {
	case err := <-r.done:
		r.done <- err
		var ae *push.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Zero(t, ae.StatusCode, "rejected by a close frame")
		assert.Contains(t, ae.Body, "GGATEWAY_CODE_017")
		assert.Equal(t, int64(1), r.sub.Stats().Connects)
	case <-time.After(hang):
		t.Fatal("Run kept reconnecting with a static token the server closes as expired")
	}
}

// A refreshing source whose new tokens are closed as expired too: Run
// gives up after MaxAuthFailures.
func TestExpiredCloseCountsTowardsMaxAuthFailures(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{RejectInBand: true, Authorize: func(string) bool { return false }})
	defer srv.Close()
	src := &rotatingToken{tok: "t1"}
	opts := fastOpts(srv.BaseURL, "g")
	opts.Token = src
	r := start(t, opts, newCollector().handle)
	select {
	case err := <-r.done:
		r.done <- err
		var ae *push.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, int64(3), r.sub.Stats().Connects)
		src.mu.Lock()
		assert.Equal(t, 2, src.refreshes)
		src.mu.Unlock()
	case <-time.After(hang):
		t.Fatal("Run kept reconnecting although every token is closed as expired")
	}
}

// TestPayloadsAreDecodedBeforeUserCodeSeesThem checks that wherever user
// code gets an event — the Handler, Options.KeyFunc and Observer.Received on
// the reader — its typed Payload (or its Err) is set, and that an event
// whose payload does not decode keeps its record's ordering key and counts
// as malformed.
func TestPayloadsAreDecodedBeforeUserCodeSeesThem(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"default", "KeyFunc", "Observer"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			srv := pushtest.NewServer(pushtest.Options{})
			defer srv.Close()
			srv.EnsureGroup("g")
			var mu sync.Mutex
			var seen []string // where an event was seen without payload or error
			check := func(where string, ev *push.Event) {
				if ev.Payload == nil && ev.Err == nil {
					mu.Lock()
					seen = append(seen, where+" "+string(ev.ID))
					mu.Unlock()
				}
			}
			opts := fastOpts(srv.BaseURL, "g")
			switch mode {
			case "KeyFunc":
				opts.KeyFunc = func(ev *push.Event) string { check("KeyFunc", ev); return push.DefaultKey(ev) }
			case "Observer":
				opts.Observer = &push.Observer{Received: func(info push.ReceivedInfo) { check("Received", info.Event) }}
			}
			c := newCollector()
			r := start(t, opts, func(ctx context.Context, ev *push.Event) error {
				check("Handler", ev)
				return c.handle(ctx, ev)
			})
			require.Eventually(t, func() bool { return srv.Connected("g") }, hang, poll)
			require.NoError(t, srv.Publish("kyc", map[string]any{"id": "1", "customerNo": "86000001"}))
			// amountIn is not a number: the payload does not decode.
			srv.PublishRaw([]byte(`{"data":{"id":"7","accountId":1000087,"customerNo":"86000001","amountIn":"seven"},"eventType":"subject_water_insert"}`))
			require.Eventually(t, func() bool { return c.len() == 2 }, hang, poll)

			c.mu.Lock()
			defer c.mu.Unlock()
			assert.IsType(t, &push.KYC{}, c.events[0].Payload)
			bad := c.events[1]
			assert.Nil(t, bad.Payload)
			var de *push.DecodeError
			require.ErrorAs(t, bad.Err, &de)
			assert.Equal(t, push.EventSubjectWaterInsert, de.Type)
			assert.Equal(t, mm.FlexString("7"), bad.ID)
			assert.Equal(t, "customer:86000001", bad.Key, "the record's key, from its key fields")
			assert.Equal(t, bad.Key, push.DefaultKey(bad))
			assert.Equal(t, int64(1), r.sub.Stats().Malformed)
			mu.Lock()
			assert.Empty(t, seen)
			mu.Unlock()
		})
	}
}
