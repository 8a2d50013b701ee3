package push

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
	"github.com/multimarkets-sdk/multimarkets-go/internal/safecall"
)

// Handler processes one event. Events with the same ordering key (see
// Options.KeyFunc) are handed over one at a time, in the order they arrived;
// events with different keys may be processed concurrently.
//
// Handlers should be idempotent: the server re-sends what a group missed,
// and de-duplication only covers Options.DedupWindow recent events.
// Returning an error stops Run with a *HandlerError, because the protocol
// has no acknowledgement to ask the server for the event again; log and
// return nil to carry on instead. A panic in the handler is recovered and
// stops Run the same way, with HandlerError.Err wrapping ErrPanic (the
// panic's value is not printed, see ErrPanic). From the failure on, no further event is
// handed to the handler (calls already running for other keys finish, with
// ctx cancelled); the events read but not handled are in
// HandlerError.Pending. ctx stays valid while Run drains at
// shutdown and is cancelled only when a positive Options.DrainTimeout
// expires (or after a handler failure).
type Handler func(ctx context.Context, ev *Event) error

// Options configures a Subscriber. BaseURL, Token and Group are required;
// zero values of the other fields select the documented defaults.
type Options struct {
	// BaseURL is the Manager API base URL, e.g.
	// "https://api.multimarkets.org/openapi-b"; the subscriber connects to
	// BaseURL + "/ws" with http→ws and https→wss. A URL that already ends
	// in "/ws", or has a ws/wss scheme, is used as is.
	BaseURL string
	// Token supplies the "token" header before every connection attempt.
	Token TokenSource
	// Group is sent in the "group" header. The server keeps 168 hours of
	// events per group and re-sends what the group missed while offline;
	// a new group starts at the current point. Use one stable group per
	// consuming process: connections with the same group kick each other
	// out (see GroupConflictError).
	Group string
	// CompanyID, if set, is sent in the "companyId" header.
	CompanyID string
	// Header holds extra handshake headers.
	Header http.Header
	// HTTPClient performs the handshake; nil means http.DefaultClient. Its
	// CheckRedirect is not used: the handshake never follows a redirect
	// (see Run).
	HTTPClient *http.Client

	// PingInterval is the heartbeat period: the text "ping" is sent this
	// often (default 10 s, as documented). A ping that cannot be written
	// within PongTimeout ends the connection.
	PingInterval time.Duration
	// PongTimeout is how long the connection may stay silent (no pong in
	// any of its three forms and no event) before it is considered dead
	// and replaced (default 35 s, i.e. three missed pongs plus slack).
	// While the subscriber is deliberately not reading because handlers
	// are behind, silence is not counted.
	PongTimeout time.Duration
	// HandshakeTimeout bounds one connection attempt (default 15 s).
	HandshakeTimeout time.Duration
	// BackoffMin and BackoffMax bound the reconnect delay: after the n-th
	// consecutive failure the delay is uniformly random in
	// [0, min(BackoffMax, BackoffMin·2^n)] ("full jitter"). Defaults 500 ms
	// and 30 s. The failure count resets after a session that lasted
	// KickWindow.
	BackoffMin, BackoffMax time.Duration
	// MaxMessageBytes limits how much of one message is kept (default
	// 4 MiB). A longer message is read to its end but delivered as an Event
	// whose Err wraps ErrMessageTooBig and whose Raw holds the first
	// MaxMessageBytes bytes; it is also reported to OnError and is never
	// de-duplicated. The connection stays open.
	MaxMessageBytes int64

	// Workers is the number of handler goroutines (default 8). Events are
	// assigned to a worker by a hash of their ordering key.
	Workers int
	// QueueSize is the number of events buffered per worker (default 64).
	// When a worker's queue is full the subscriber stops reading from the
	// socket (TCP backpressure) until there is room; nothing is dropped.
	QueueSize int
	// MaxBufferedBytes bounds the memory of the events read but not yet
	// handled, over all workers (default 64 MiB). An event counts as the
	// bytes it holds: its message (Raw), its Data and, if it has a typed
	// Payload, Data's size again for the decoded values. When the next
	// event does not fit, the subscriber stops reading (the same
	// backpressure as a full queue) until handlers have made room; an
	// event larger than the whole budget is taken when nothing else is
	// buffered, so that it cannot block the stream. With a stuck handler
	// the subscriber therefore holds at most MaxBufferedBytes of events,
	// plus the one event waiting for room and the message being read (each
	// at most about 3×MaxMessageBytes and MaxMessageBytes), plus the
	// de-duplication window (see DedupWindow). QueueSize still bounds the
	// count.
	MaxBufferedBytes int64
	// KeyFunc returns an event's ordering key; nil means DefaultKey.
	KeyFunc func(ev *Event) string
	// DedupWindow is how many recent event identities are remembered to
	// suppress re-sent events (default 100,000, about 6 MB; negative
	// disables de-duplication). An event's identity is its type plus a
	// 128-bit hash of its data with whitespace removed, so an event is a
	// duplicate only if every field is identical; two different versions
	// of a record are never merged.
	DedupWindow int
	// DrainTimeout bounds how long Run keeps handing already-read events to
	// handlers after ctx ends. Run stops reading from the server at once;
	// by default (0) it then delivers every event it had already read, with
	// the handler's ctx still live, so a slow handler delays Run's return by
	// the time it takes to work through the buffered events. A positive
	// value bounds that: afterwards the handler's ctx is cancelled and the
	// remaining events are counted in Stats.Abandoned. Negative: do not
	// drain at all. Abandoned events come back only if the server re-sends
	// events it wrote but the group did not process, which the docs do not
	// promise, so bound the drain only if losing them is acceptable.
	DrainTimeout time.Duration

	// KickWindow and KickThreshold tune group-conflict detection: if
	// KickThreshold (default 3) sessions in a row were healthy (answered
	// the ping sent on connecting, or delivered an event) and were then
	// closed by the server with a normal close (code 1000) less than
	// KickWindow (default 10 s) after connecting, Run returns a
	// *GroupConflictError. A close reason containing "kick" is conclusive
	// at once, whatever its code. Server error closes (1001 going away,
	// 1008 policy violation without a kick reason, 1011 internal error,
	// any other code), connections dropped without a close frame,
	// heartbeat timeouts and sessions that lasted KickWindow reset the
	// count; they are ordinary reconnects.
	KickWindow time.Duration
	// KickThreshold is the number of short sessions in a row that count
	// as a group conflict (see KickWindow).
	KickThreshold int
	// MaxAuthFailures is how many token rejections in a row are tolerated
	// (each followed by a token refresh) before Run returns an *AuthError
	// (default 3). A rejection is a handshake refused with HTTP 401/403 or
	// an expiry code, or a session the server closed with an expiry code
	// (GGATEWAY_CODE_005/017) less than KickWindow after connecting. A
	// StaticToken gets the *AuthError at the first rejection.
	MaxAuthFailures int

	// State, if set, keeps what must outlive the process and be shared by
	// the processes of one group: the IDs of handled events (so that after
	// a restart, or on another machine, the server's replay is not handed
	// to the handler again) and the group's lease (so that of several
	// Subscribers with the same Group exactly one is connected; the others
	// wait as standbys). Use package push/pushsql (SQLite, PostgreSQL), or
	// a MemoryState shared by Subscribers of one process. An event counts
	// as handled when the handler returned nil; a crash between that and
	// the record hands it over once more, so handlers stay idempotent.
	// A negative DedupWindow turns the handled IDs off (the lease stays).
	// nil: the de-duplication window is this Subscriber's memory only, and
	// there is no lease (see GroupConflictError).
	State State
	// LeaseTTL is how long the group's lease lasts unrenewed (default
	// 15 s, at least 100 ms; used only with State). The leader renews it every LeaseTTL/3
	// and disconnects if it could not renew it for 3/4 of LeaseTTL; a
	// standby tries to take it every LeaseTTL/3. So when the leader dies, a
	// standby connects within 4/3 of LeaseTTL (20 s by default) plus one
	// handshake; when it stops (Run returns), within LeaseTTL/3 plus one
	// handshake. The machines' clocks must agree to well within LeaseTTL/4.
	LeaseTTL time.Duration

	// OnError, if set, is called with every connection problem that the
	// subscriber recovers from by itself (failed dial, dropped connection,
	// heartbeat timeout, token refresh, State failures). It must not block.
	// With a State it may be called from several goroutines at once.
	OnError func(error)
	// OnConnect, if set, is called after every successful handshake.
	OnConnect func()
	// Observer, if set, receives connection and event events for tracing
	// and metrics (see Observer; package mmotel makes one).
	Observer *Observer
}

// String describes the options without the token and without the values
// of Header (which may hold credentials).
func (o Options) String() string {
	names := make([]string, 0, len(o.Header))
	for k := range o.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	tok := "<nil>"
	if o.Token != nil {
		tok = fmt.Sprintf("%T([REDACTED])", o.Token)
	}
	return fmt.Sprintf("push.Options{BaseURL=%s Group=%s CompanyID=%s Token=%s Header=%v Workers=%d QueueSize=%d MaxBufferedBytes=%d}",
		redactURL(o.BaseURL), o.Group, o.CompanyID, tok, names, o.Workers, o.QueueSize, o.MaxBufferedBytes)
}

// Format prints String under every fmt verb (%v, %+v, %#v, …).
func (o Options) Format(f fmt.State, verb rune) { redact.Format(f, verb, o.String()) }

// GoString is String.
func (o Options) GoString() string { return o.String() }

// scrubURL keeps the endpoint's query and password out of a dial error:
// net/http quotes the whole URL (hiding only the password), and the text
// is fixed by the time the error reaches the subscriber.
func (s *Subscriber) scrubURL(err error) error {
	u, perr := url.Parse(s.wsURL)
	if perr != nil {
		return err
	}
	msg := err.Error()
	if u.RawQuery != "" {
		msg = strings.ReplaceAll(msg, u.RawQuery, "[REDACTED]")
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "[REDACTED]")
	}
	if msg == err.Error() {
		return err
	}
	return &scrubbedError{msg: msg, err: err}
}

// scrubbedError is an error whose text had secrets removed; it still
// unwraps to the original, for errors.Is and errors.As.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// redactURL drops a URL's user info and query, which may hold credentials.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "[unparsable URL]"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

func (o *Options) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.PingInterval, 10*time.Second)
	def(&o.PongTimeout, 35*time.Second)
	def(&o.HandshakeTimeout, 15*time.Second)
	def(&o.BackoffMin, 500*time.Millisecond)
	def(&o.BackoffMax, 30*time.Second)
	def(&o.KickWindow, 10*time.Second)
	def(&o.LeaseTTL, 15*time.Second)
	if o.MaxMessageBytes <= 0 {
		o.MaxMessageBytes = 4 << 20
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 64
	}
	if o.MaxBufferedBytes <= 0 {
		o.MaxBufferedBytes = 64 << 20
	}
	if o.DedupWindow == 0 {
		o.DedupWindow = 100_000
	}
	if o.KickThreshold <= 0 {
		o.KickThreshold = 3
	}
	if o.MaxAuthFailures <= 0 {
		o.MaxAuthFailures = 3
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
}

// Stats are counters since the Subscriber was created.
type Stats struct {
	Connects   int64 // successful handshakes
	Received   int64 // messages read, excluding pongs
	Duplicates int64 // messages suppressed by de-duplication
	Delivered  int64 // handler calls that returned
	Malformed  int64 // delivered events with a non-nil Err
	Pongs      int64 // heartbeat answers received
	Abandoned  int64 // events read but not handed to a handler because Run stopped
}

// Subscriber receives the white label's data push and hands every event to
// a Handler, reconnecting, re-authorizing and de-duplicating as needed.
// Create it with New and start it with Run.
type Subscriber struct {
	opts     Options
	handler  Handler
	wsURL    string
	running  atomic.Bool
	buffered budget // bytes of the events read but not handled (Options.MaxBufferedBytes)

	connects, received, duplicates, delivered, malformed, pongs, abandoned atomic.Int64
}

// String describes the subscriber by its options (see Options.String): no token.
func (s *Subscriber) String() string { return "push.Subscriber{" + s.opts.String() + "}" }

// Format prints String under every fmt verb.
func (s *Subscriber) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// GoString is String.
func (s *Subscriber) GoString() string { return s.String() }

// New checks opts and returns a Subscriber that will call h for every
// event. It does not connect; call Run.
func New(opts Options, h Handler) (*Subscriber, error) {
	if h == nil {
		return nil, errors.New("push: nil handler")
	}
	if opts.Token == nil {
		return nil, errors.New("push: Options.Token is required")
	}
	if opts.Group == "" {
		return nil, errors.New("push: Options.Group is required: without a stable group the server does not re-send missed events")
	}
	if opts.State != nil && (!utf8.ValidString(opts.Group) || strings.ContainsRune(opts.Group, 0)) {
		return nil, errors.New("push: with a State, Options.Group must be valid UTF-8 without NUL: databases refuse anything else")
	}
	if opts.LeaseTTL > 0 && opts.LeaseTTL < minLeaseTTL {
		return nil, fmt.Errorf("push: Options.LeaseTTL must be at least %v", minLeaseTTL)
	}
	u, err := WebSocketURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	opts.setDefaults()
	s := &Subscriber{opts: opts, handler: h, wsURL: u}
	s.buffered.init(opts.MaxBufferedBytes)
	return s, nil
}

// WebSocketURL derives the push endpoint from a Manager API base URL:
// "https://host/openapi-b" becomes "wss://host/openapi-b/ws".
func WebSocketURL(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("push: bad BaseURL: %w", err)
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "ws", "wss":
	default:
		return "", fmt.Errorf("push: BaseURL %q: scheme must be http, https, ws or wss", redactURL(base))
	}
	if u.Host == "" {
		return "", fmt.Errorf("push: BaseURL %q has no host", redactURL(base))
	}
	if !strings.HasSuffix(u.Path, "/ws") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/ws"
	}
	return u.String(), nil
}

// Stats returns a snapshot of the counters.
func (s *Subscriber) Stats() Stats {
	return Stats{
		Connects: s.connects.Load(), Received: s.received.Load(), Duplicates: s.duplicates.Load(),
		Delivered: s.delivered.Load(), Malformed: s.malformed.Load(), Pongs: s.pongs.Load(),
		Abandoned: s.abandoned.Load(),
	}
}

// Run connects and delivers events until ctx ends or a non-recoverable
// problem occurs. It returns ctx.Err() after a stop by ctx (once the events
// already read have been handled, see Options.DrainTimeout; it first closes
// the connection with a normal close frame, waiting at most 0.5 s for the
// server's answer), a *GroupConflictError,
// an *AuthError or a *HandlerError (also when the Handler or
// Options.KeyFunc panicked), or an error wrapping ErrPanic if another
// callback (the TokenSource, OnError, OnConnect, the HTTP client's
// transport) panicked. Every
// goroutine it started has ended when it returns. Run may be called again
// after it returned.
//
// The handshake never follows an HTTP redirect: the token and group
// headers would go to whatever host the answer names. A redirect is a
// failed connection attempt (reported to OnError, naming the status and the
// target host, then retried with backoff like any other), never a
// connection to the target. The data-push documentation mentions no
// redirect.
func (s *Subscriber) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return ErrAlreadyRunning
	}
	defer s.running.Store(false)

	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	hctx, hcancel := context.WithCancel(context.WithoutCancel(ctx))
	defer hcancel()

	rn := &runState{queues: make([]chan *Event, s.opts.Workers), stop: stop, buffered: &s.buffered}
	rn.lease = s.startLease(runCtx)
	defer rn.lease.stop() // after the drain: releases the group's lease
	var wg sync.WaitGroup
	for i := range rn.queues {
		q := make(chan *Event, s.opts.QueueSize)
		rn.queues[i] = q
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ev := range q {
				// After a handler failure nothing more is handed over, not
				// even a later event of another key: the caller gets them
				// back in HandlerError.Pending.
				if rn.failed.Load() != nil {
					rn.keep(ev)
					continue
				}
				if runCtx.Err() != nil && hctx.Err() != nil {
					rn.buffered.release(ev)
					s.abandoned.Add(1)
					continue
				}
				if ev.decodePayload() {
					s.malformed.Add(1)
				}
				ectx, eobs := s.handleStart(hctx, ev)
				err := s.callHandler(ectx, ev)
				s.handleDone(ectx, ev, eobs, err)
				rn.buffered.release(ev)
				s.delivered.Add(1)
				if err == nil {
					s.markHandled(ev)
				}
				if err != nil {
					rn.fail(&HandlerError{Event: ev, Err: err})
				}
			}
		}()
	}

	// The reader runs user code too (TokenSource, OnError, OnConnect, the
	// HTTP client's transport): a panic there ends Run with an error
	// instead of unwinding through Run, which would leave the workers
	// running.
	var err error
	if p := safecall.Call(func() { err = s.connectLoop(runCtx, rn) }); p != nil {
		err = fmt.Errorf("%w (in a callback of Options): %s", ErrPanic, p.Error())
		stop(err)
	}
	s.obsStopped(err)

	// Shutdown. Reading has stopped. Unless the handler failed or the
	// caller opted out (negative DrainTimeout), every event already read is
	// handed to the handlers with hctx still live, for at most DrainTimeout
	// if that is positive.
	switch {
	case rn.failed.Load() != nil:
		hcancel() // calls still running for other keys; their events are kept if they fail
	case s.opts.DrainTimeout < 0:
		hcancel()
	default:
		if s.opts.DrainTimeout > 0 {
			t := time.AfterFunc(s.opts.DrainTimeout, hcancel)
			defer t.Stop()
		}
		// The event the reader held when it stopped (waiting for queue
		// room) goes last into its queue: later than everything queued.
		for _, ev := range rn.takePending() {
			rn.queues[shard(ev.Key, len(rn.queues))] <- ev
		}
	}
	for _, q := range rn.queues {
		close(q)
	}
	wg.Wait()
	s.buffered.reset() // nothing is buffered any more: events kept aside are the caller's now

	if he := rn.failed.Load(); he != nil {
		he.Pending = rn.takePending()
		for _, ev := range he.Pending {
			if ev.decodePayload() {
				s.malformed.Add(1)
			}
		}
		s.abandoned.Add(int64(len(he.Pending)))
		return he
	}
	s.abandoned.Add(int64(len(rn.takePending())))
	if err != nil {
		return err
	}
	return ctx.Err()
}

// runState is what the reader and the workers of one Run share.
type runState struct {
	queues   []chan *Event
	seq      uint64                       // arrival counter; reader only
	failed   atomic.Pointer[HandlerError] // the first handler failure
	stop     context.CancelCauseFunc      // ends the Run's reading
	buffered *budget
	lease    *leaseKeeper // nil without Options.State

	mu      sync.Mutex
	pending []*Event // read but not handled
}

// fail records a handler failure on ev: the first one stops the Run, a
// later one (on another key) keeps its event with the pending ones.
func (rn *runState) fail(he *HandlerError) {
	if rn.failed.CompareAndSwap(nil, he) {
		rn.stop(he)
	} else {
		rn.keep(he.Event)
	}
}

// keep sets aside an event that was read but will not be handled.
func (rn *runState) keep(ev *Event) {
	rn.buffered.release(ev)
	rn.mu.Lock()
	rn.pending = append(rn.pending, ev)
	rn.mu.Unlock()
}

// callHandler runs the Handler for ev. A panic in it is recovered (in a
// worker goroutine it would end the process) and returned as an error
// wrapping ErrPanic, which then ends Run with a *HandlerError like a
// returned error.
func (s *Subscriber) callHandler(ctx context.Context, ev *Event) (err error) {
	if p := safecall.Call(func() { err = s.handler(ctx, ev) }); p != nil {
		return fmt.Errorf("%w (in the Handler): %s", ErrPanic, p.Error())
	}
	return err
}

// budget counts the bytes of the events read but not yet handled
// (Options.MaxBufferedBytes). The reader takes an event's bytes before
// queueing it, waiting while they do not fit; the worker (or whoever sets
// the event aside) gives them back.
type budget struct {
	max  int64
	mu   sync.Mutex
	used int64
	peak int64         // highest used, for tests
	room chan struct{} // closed (and replaced) when bytes are given back while the reader waits
	wait bool          // the reader waits on room
}

func (b *budget) init(max int64) {
	b.max = max
	b.room = make(chan struct{})
}

// cost is what an event counts against the budget: see Options.MaxBufferedBytes.
func cost(ev *Event) int64 {
	n := int64(cap(ev.Raw)) + int64(cap(ev.Data))
	if ev.Payload != nil || ev.lazy {
		n += int64(len(ev.Data))
	}
	return n
}

// acquire takes ev's bytes, waiting until they fit (or nothing else is
// buffered); false if ctx ended first.
func (b *budget) acquire(ctx context.Context, ev *Event) bool {
	n := cost(ev)
	for {
		b.mu.Lock()
		if b.used == 0 || b.used+n <= b.max {
			b.used += n
			b.peak = max(b.peak, b.used)
			b.mu.Unlock()
			ev.cost = n
			return true
		}
		room := b.room
		b.wait = true
		b.mu.Unlock()
		select {
		case <-room:
		case <-ctx.Done():
			return false
		}
	}
}

// tryAcquire is acquire without waiting: false if ev's bytes do not fit now.
func (b *budget) tryAcquire(ev *Event) bool {
	n := cost(ev)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used == 0 || b.used+n <= b.max {
		b.used += n
		b.peak = max(b.peak, b.used)
		ev.cost = n
		return true
	}
	return false
}

// release gives back ev's bytes, if it holds any.
func (b *budget) release(ev *Event) {
	if ev.cost == 0 {
		return
	}
	b.mu.Lock()
	b.used -= ev.cost
	ev.cost = 0
	if b.wait {
		close(b.room)
		b.room = make(chan struct{})
		b.wait = false
	}
	b.mu.Unlock()
}

// reset forgets what is still counted, at the end of a Run.
func (b *budget) reset() {
	b.mu.Lock()
	b.used = 0
	b.mu.Unlock()
}

// takePending returns the set-aside events in arrival order.
func (rn *runState) takePending() []*Event {
	rn.mu.Lock()
	p := rn.pending
	rn.pending = nil
	rn.mu.Unlock()
	slices.SortFunc(p, func(a, b *Event) int { return cmp.Compare(a.seq, b.seq) })
	return p
}

// connectLoop dials, runs sessions and backs off until ctx ends or a
// terminal error occurs.
func (s *Subscriber) connectLoop(ctx context.Context, rn *runState) error {
	o := &s.opts
	dd := newDedup(o.DedupWindow)
	if dd != nil {
		dd.state, dd.group, dd.report = o.State, o.Group, s.report
	}
	var (
		failures     int // consecutive failures, for backoff
		shortInARow  int
		authFailures int
		refresh      bool
		lastToken    string
		lastAuthErr  *AuthError
	)
	for ctx.Err() == nil {
		// With a State: wait as a standby until this Subscriber holds the
		// group's lease; lctx ends when it loses it.
		lctx, err := rn.lease.wait(ctx)
		if err != nil {
			break
		}
		tok, err := s.token(ctx, refresh, lastToken)
		refresh = false
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			s.report(fmt.Errorf("push: token source: %w", err))
			failures++
			s.sleep(ctx, failures)
			continue
		}
		if authFailures > 0 && tok == lastToken {
			if _, ok := o.Token.(Refresher); !ok {
				// A fixed token the server rejected: retrying cannot help.
				return lastAuthErr
			}
		}
		lastToken = tok

		st := &sessionState{}
		st.touch()
		conn, err := s.dial(lctx, tok, st)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if lctx.Err() != nil {
				continue // lost the lease while dialling: standby
			}
			if ae, ok := err.(*AuthError); ok {
				s.obsAuthFailed(ae.StatusCode)
				authFailures++
				lastAuthErr = ae
				if authFailures >= o.MaxAuthFailures {
					return ae
				}
				refresh = true
				s.report(fmt.Errorf("push: token rejected, refreshing: %w", ae))
			} else {
				s.report(err)
			}
			failures++
			s.sleep(ctx, failures)
			continue
		}
		s.connects.Add(1)
		s.obsConnected()
		if o.OnConnect != nil {
			o.OnConnect()
		}

		start := time.Now()
		end := s.session(lctx, conn, st, dd, rn)
		lasted := time.Since(start)
		if ctx.Err() != nil {
			break
		}
		if lctx.Err() != nil { // lost the lease: standby, not a failure
			s.requeue(rn)
			continue
		}
		s.report(end.err)

		// Group-conflict heuristic (the docs do not say how a kicked
		// connection is closed): a close reason naming a kick is
		// conclusive; otherwise only a session the server closed on
		// purpose (a normal close, 1000: what a server that ends a
		// superseded session most likely sends), after it had proved
		// healthy (a pong or an event) and sooner than KickWindow, counts.
		// A server error close (1001, 1008 without a kick reason, 1011, any
		// other code) is a reconnect, as are plain drops, heartbeat
		// timeouts and sessions that lasted: they reset the count; a
		// normal close before the session was healthy neither counts nor
		// resets it.
		short := lasted < o.KickWindow
		if !end.closeFrame || !end.authExpired || !short {
			authFailures = 0
		}
		switch {
		case end.closeFrame && strings.Contains(strings.ToLower(end.reason), "kick"):
			return &GroupConflictError{Group: o.Group, ShortSessions: shortInARow + 1, LastSession: lasted, LastClose: end.err}
		case end.closeFrame && end.authExpired:
			refresh = true
			if short {
				// Accepted, then closed as expired: as much a rejection
				// of the token as an HTTP 401 on the handshake.
				s.obsAuthFailed(0)
				authFailures++
				lastAuthErr = &AuthError{Body: end.reason, Err: end.err}
				if authFailures >= o.MaxAuthFailures {
					return lastAuthErr
				}
			}
		case end.closeFrame && end.code == websocket.StatusNormalClosure && short && end.healthy:
			shortInARow++
			if shortInARow >= o.KickThreshold {
				return &GroupConflictError{Group: o.Group, ShortSessions: shortInARow, LastSession: lasted, LastClose: end.err}
			}
		case end.closeFrame && end.code == websocket.StatusNormalClosure && short:
		default:
			shortInARow = 0
		}
		if lasted >= o.KickWindow {
			failures = 0
		}
		failures++
		s.sleep(ctx, failures)
	}
	return nil
}

func (s *Subscriber) token(ctx context.Context, refresh bool, stale string) (string, error) {
	if refresh {
		if r, ok := s.opts.Token.(Refresher); ok {
			return r.Refresh(ctx, stale)
		}
	}
	return s.opts.Token.Token(ctx)
}

func (s *Subscriber) report(err error) {
	if err != nil && s.opts.OnError != nil {
		s.opts.OnError(err)
	}
}

// sleep waits the full-jitter backoff for the n-th consecutive failure.
func (s *Subscriber) sleep(ctx context.Context, n int) {
	d := backoff(s.opts.BackoffMin, s.opts.BackoffMax, n)
	s.obsReconnecting(n, d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func backoff(lo, hi time.Duration, n int) time.Duration {
	ceil := lo
	for i := 1; i < n && ceil < hi; i++ {
		ceil *= 2
	}
	ceil = min(ceil, hi)
	if ceil <= 0 {
		return 0
	}
	return rand.N(ceil + 1)
}

// sessionState is shared between the reader, the pinger and the pong
// callback of one connection.
type sessionState struct {
	lastSeen atomic.Int64 // unix nanoseconds of the last inbound frame
	blocked  atomic.Bool  // reader is waiting for queue space
	healthy  atomic.Bool  // a pong or an event was received
	raw      rawConn      // the network connection
}

func (st *sessionState) touch() { st.lastSeen.Store(time.Now().UnixNano()) }

func (s *Subscriber) dial(ctx context.Context, tok string, st *sessionState) (*websocket.Conn, error) {
	h := http.Header{}
	for k, v := range s.opts.Header {
		h[k] = append([]string(nil), v...)
	}
	// Set the documented header names verbatim (not canonicalized).
	h["token"] = []string{tok}
	h["group"] = []string{s.opts.Group}
	if s.opts.CompanyID != "" {
		h["companyId"] = []string{s.opts.CompanyID}
	}
	hc := *s.opts.HTTPClient // a shallow copy, to capture the connection
	inner := hc.Transport
	if inner == nil {
		inner = http.DefaultTransport
	}
	hc.Transport = &captureTransport{inner: inner, raw: &st.raw}
	// Never follow a redirect: Go's client strips only Authorization and
	// Cookie, so the token and group headers would go to the target,
	// whatever its scheme, host or port. The vendor documents no redirect
	// for the push endpoint, so even a same-host one is not followed (the
	// same decision as the REST client's); the 3xx answer fails the
	// attempt below.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	dctx, cancel := context.WithTimeout(ctx, s.opts.HandshakeTimeout)
	defer cancel()
	conn, resp, err := websocket.Dial(dctx, s.wsURL, &websocket.DialOptions{
		HTTPClient: &hc,
		HTTPHeader: h,
		OnPongReceived: func(context.Context, []byte) {
			st.touch()
			st.healthy.Store(true)
			s.pongs.Add(1)
		},
	})
	if err != nil {
		err = s.scrubURL(err)
		if resp != nil {
			var raw []byte
			if resp.Body != nil {
				raw, _ = io.ReadAll(io.LimitReader(resp.Body, 1024))
			}
			// The excerpt goes into errors: a server that echoes the request
			// must not put the token there.
			body := string(raw)
			if tok != "" {
				body = strings.ReplaceAll(body, tok, "[REDACTED]")
			}
			if resp.StatusCode >= 300 && resp.StatusCode < 400 {
				return nil, fmt.Errorf("push: handshake with %s answered HTTP %d, a redirect to %s; redirects are not followed, so that the token does not leave the configured host",
					redactURL(s.wsURL), resp.StatusCode, redirectTarget(resp))
			}
			if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden || isExpiredText(body) {
				return nil, &AuthError{StatusCode: resp.StatusCode, Body: body, Err: err}
			}
			return nil, fmt.Errorf("push: handshake with %s failed (HTTP %d %.200s): %w", redactURL(s.wsURL), resp.StatusCode, body, err)
		}
		return nil, fmt.Errorf("push: dial %s: %w", redactURL(s.wsURL), err)
	}
	// The reader enforces MaxMessageBytes itself, so that an oversized
	// message is delivered (truncated, with Err) instead of ending the
	// connection.
	conn.SetReadLimit(-1)
	return conn, nil
}

// redirectTarget names the host (and port) a redirect points to, without its
// path or query string, which may carry secrets.
func redirectTarget(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return "no location"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "an unparsable location"
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.ResolveReference(u)
	}
	if u.Host == "" {
		return "an unparsable location"
	}
	return "host " + u.Host
}

// isExpiredText reports whether a rejection names the documented token
// expiry codes.
func isExpiredText(s string) bool {
	return strings.Contains(s, "GGATEWAY_CODE_005") || strings.Contains(s, "GGATEWAY_CODE_017") ||
		strings.Contains(strings.ToLower(s), "login info is expired")
}

type sessionEnd struct {
	err         error
	closeFrame  bool                 // the server closed the connection with a close frame
	code        websocket.StatusCode // the close frame's code
	healthy     bool                 // the session had received a pong or an event
	reason      string               // close reason, if any
	authExpired bool                 // the close named token expiry
}

// session reads one connection until it ends.
func (s *Subscriber) session(ctx context.Context, conn *websocket.Conn, st *sessionState, dd *dedup, rn *runState) sessionEnd {
	// Reads and pings do not use ctx: coder/websocket drops the connection
	// without a close frame when the context of a running read or write
	// ends. When ctx ends, closeOnCancel performs the close handshake.
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	// Reads get a context that is never done: coder/websocket then sets up
	// no cancellation per message. A blocked read ends when the connection
	// is closed (by closeGracefully, the heartbeat or the deferred CloseNow).
	rctx := context.WithoutCancel(ctx)
	var hbDead atomic.Bool
	pingDone := make(chan struct{})
	go func() {
		defer close(pingDone)
		s.heartbeat(sctx, conn, st, &hbDead)
	}()
	closed := make(chan struct{})
	stopClose := context.AfterFunc(ctx, func() {
		defer close(closed)
		s.closeGracefully(conn, st)
	})
	defer func() {
		switch {
		case !stopClose():
			<-closed
		case ctx.Err() != nil: // ctx ended, but the AfterFunc had not started yet
			s.closeGracefully(conn, st)
		default:
			conn.CloseNow() // the session ended by itself
		}
		cancel()
		<-pingDone
	}()

	ping, pong := []byte("ping"), []byte("pong")
	// The typed payload is decoded by the worker that hands the event over,
	// in parallel with the reader, unless user code sees the event on the
	// reader first (KeyFunc, Observer.Received, Observer.Duplicate).
	o := s.opts.Observer
	eager := s.opts.KeyFunc != nil || (o != nil && (o.Received != nil || o.Duplicate != nil))
	var buf []byte // the message being read, reused
	for {
		if ctx.Err() != nil { // stop reading at once
			return sessionEnd{err: ctx.Err()}
		}
		typ, msg, size, err := s.read(rctx, conn, &buf)
		if err != nil {
			end := sessionEnd{err: err, healthy: st.healthy.Load()}
			switch {
			case ctx.Err() != nil:
			case hbDead.Load():
				end.err = fmt.Errorf("push: no pong or event for %v, reconnecting: %w", s.opts.PongTimeout, err)
			default:
				var ce websocket.CloseError
				if errors.As(err, &ce) {
					end.closeFrame, end.code, end.reason = true, ce.Code, ce.Reason
					end.authExpired = isExpiredText(ce.Reason)
					end.err = fmt.Errorf("push: server closed the connection (%d %q): %w", ce.Code, ce.Reason, err)
				} else {
					end.err = fmt.Errorf("push: connection dropped: %w", err)
				}
			}
			return end
		}
		st.touch()
		if t := bytes.TrimSpace(msg); len(t) == 4 && bytes.EqualFold(t, pong) {
			st.healthy.Store(true)
			s.pongs.Add(1)
			continue
		}
		if typ == websocket.MessageText && bytes.Equal(bytes.TrimSpace(msg), ping) {
			continue // never expected from the server; not an event
		}
		st.healthy.Store(true)
		s.received.Add(1)
		ev := new(Event)
		var keys recordKeys
		if size > int64(len(msg)) {
			err := fmt.Errorf("%w: %d bytes, limit %d", ErrMessageTooBig, size, s.opts.MaxMessageBytes)
			s.report(err)
			// Only a prefix is kept, so it is never de-duplicated: two
			// different messages may share it.
			*ev = Event{Raw: msg, Err: &DecodeError{Err: err}}
		} else {
			*ev, keys = decodeHead(msg)
			if eager {
				ev.decodePayload()
			}
		}
		s.obsReceived(ev, size, false)
		if dd != nil && size == int64(len(msg)) {
			ev.id, ev.hasID = dd.keyOf(ev.Type, ev.Data, ev.Raw, ev.compact), true
			if dd.add(ev.id) {
				s.duplicates.Add(1)
				s.obsReceived(ev, size, true)
				continue
			}
		}
		if ev.Err != nil {
			s.malformed.Add(1)
		}
		ev.ReceivedAt = time.Now()
		rn.seq++
		ev.seq = rn.seq
		if s.opts.KeyFunc != nil {
			// User code on the reader: a panic ends Run as a handler
			// failure on this event would.
			if pn := safecall.Call(func() { ev.Key = s.opts.KeyFunc(ev) }); pn != nil {
				err := fmt.Errorf("%w (in Options.KeyFunc): %s", ErrPanic, pn.Error())
				rn.fail(&HandlerError{Event: ev, Err: err})
				return sessionEnd{err: err}
			}
		} else {
			ev.Key = defaultKey(ev, keys)
		}
		q := rn.queues[shard(ev.Key, len(rn.queues))]
		if s.buffered.tryAcquire(ev) {
			select {
			case q <- ev:
				continue
			default:
			}
		}
		// Backpressure: the byte budget or the worker's queue is full, so
		// stop reading until a handler makes room.
		st.blocked.Store(true)
		queued := false
		if ev.cost != 0 || s.buffered.acquire(ctx, ev) {
			select {
			case q <- ev:
				queued = true
			case <-ctx.Done():
			}
		}
		if !queued {
			rn.keep(ev) // read but not queued: Pending or Abandoned
		}
		st.blocked.Store(false)
		st.touch()
	}
}

// closeWait bounds the close handshake at shutdown, so that Run returns
// within a second even if the server never answers the close frame.
const closeWait = 500 * time.Millisecond

// closeGracefully sends a normal close frame and waits up to closeWait for
// the server's answer, then cuts the connection.
func (s *Subscriber) closeGracefully(conn *websocket.Conn, st *sessionState) {
	// coder/websocket's Close can take 5 s to write and 5 s to wait, and
	// CloseNow cannot interrupt it; closing the underlying connection can.
	t := time.AfterFunc(closeWait, st.raw.close)
	defer t.Stop()
	_ = conn.Close(websocket.StatusNormalClosure, "")
}

// rawConn holds the network connection under a WebSocket, captured from the
// handshake response, so that a hung close handshake can be cut short.
type rawConn struct {
	mu  sync.Mutex
	rwc io.Closer
}

func (r *rawConn) set(c io.Closer) {
	r.mu.Lock()
	r.rwc = c
	r.mu.Unlock()
}

func (r *rawConn) close() {
	r.mu.Lock()
	c := r.rwc
	r.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// captureTransport records the connection of a 101 Switching Protocols
// response.
type captureTransport struct {
	inner http.RoundTripper
	raw   *rawConn
}

func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.inner.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusSwitchingProtocols {
		if c, ok := resp.Body.(io.Closer); ok {
			t.raw.set(c)
		}
	}
	return resp, err
}

// read reads one message. Of a message longer than MaxMessageBytes it keeps
// the first MaxMessageBytes bytes and discards the rest, so the connection
// survives; size is the message's full length. The message is read into
// *buf, which is reused from message to message (and dropped after an
// unusually large one), and returned as a copy of exactly its length.
func (s *Subscriber) read(ctx context.Context, conn *websocket.Conn, buf *[]byte) (typ websocket.MessageType, msg []byte, size int64, err error) {
	typ, r, err := conn.Reader(ctx)
	if err != nil {
		return 0, nil, 0, err
	}
	limit := s.opts.MaxMessageBytes
	b := (*buf)[:0]
	for int64(len(b)) < limit {
		if len(b) == cap(b) {
			b = slices.Grow(b, int(min(limit-int64(len(b)), int64(max(cap(b), 512)))))
		}
		n, rerr := r.Read(b[len(b):min(int64(cap(b)), limit)])
		b = b[:len(b)+n]
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return 0, nil, 0, rerr
		}
	}
	if cap(b) <= maxKeptReadBuffer {
		*buf = b
	} else {
		*buf = nil
	}
	var rest int64
	if int64(len(b)) >= limit {
		if rest, err = io.Copy(io.Discard, r); err != nil {
			return 0, nil, 0, err
		}
	}
	return typ, append([]byte(nil), b...), int64(len(b)) + rest, nil
}

// maxKeptReadBuffer is the largest read buffer a session keeps for the next
// message; a larger one (an unusually large message) is dropped after use.
const maxKeptReadBuffer = 64 << 10

// heartbeat sends "ping" on connecting and every PingInterval and closes the connection when
// nothing was received for PongTimeout while the reader was reading.
func (s *Subscriber) heartbeat(ctx context.Context, conn *websocket.Conn, st *sessionState, dead *atomic.Bool) {
	tick := time.NewTicker(s.opts.PingInterval)
	defer tick.Stop()
	// The first ping goes out at once: its pong shows that the session is
	// healthy, which the group-conflict heuristic relies on.
	for first := true; ; first = false {
		if !first {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if st.blocked.Load() {
				st.touch() // backpressure: we are not reading, so silence is ours
			} else if time.Since(time.Unix(0, st.lastSeen.Load())) > s.opts.PongTimeout {
				dead.Store(true)
				conn.CloseNow()
				return
			}
		}
		// A ping may wait as long as silence is tolerated: a short
		// PingInterval must not turn one slow write (a busy machine) into a
		// dropped healthy connection. A write that times out closes it.
		wctx, cancel := context.WithTimeout(ctx, s.opts.PongTimeout)
		err := conn.Write(wctx, websocket.MessageText, []byte("ping"))
		cancel()
		if err != nil {
			return // the reader sees the broken connection
		}
	}
}

func shard(key string, n int) int {
	if n == 1 {
		return 0
	}
	h := uint32(2166136261) // FNV-1a, 32 bits
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}
