package push

import (
	"context"
	"errors"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/safecall"
)

// Observer receives the subscriber's connection and event events, for
// tracing and metrics (package mmotel builds one for OpenTelemetry). Every
// field is optional; set it as Options.Observer.
//
// The functions run synchronously on the subscriber's goroutines (the
// reader, the connection loop, the handler workers), so they must be quick
// and must not block: a slow one slows the stream. A panic in one is
// recovered and reported to Options.OnError; the subscriber goes on.
type Observer struct {
	// Connected is called after every successful handshake.
	Connected func(info ConnectedInfo)
	// AuthFailed is called when the server rejected the token (on the
	// handshake, or by closing a fresh session as expired).
	AuthFailed func(info AuthFailedInfo)
	// Reconnecting is called before the subscriber waits to connect again,
	// after a failed connection attempt or a session that ended.
	Reconnecting func(info ReconnectingInfo)
	// GroupConflict is called when Run gives up because another connection
	// uses the same group (it then returns a *GroupConflictError).
	GroupConflict func(info GroupConflictInfo)
	// Received is called for every event read, before de-duplication.
	Received func(info ReceivedInfo)
	// Duplicate is called for every event suppressed as a duplicate.
	Duplicate func(info ReceivedInfo)
	// HandleStart is called before the handler gets an event. The context it
	// returns is the handler's, so it can carry a span.
	HandleStart func(ctx context.Context, info HandleStartInfo) context.Context
	// HandleDone is called when the handler returned, with HandleStart's
	// context.
	HandleDone func(ctx context.Context, info HandleDoneInfo)
}

// ConnectedInfo describes a successful handshake.
type ConnectedInfo struct {
	Group string // Options.Group
}

// AuthFailedInfo describes a token rejection.
type AuthFailedInfo struct {
	Group      string // Options.Group
	StatusCode int    // HTTP status of the rejected handshake, 0 if the server closed the session as expired
}

// ReconnectingInfo describes the wait before the next connection attempt.
type ReconnectingInfo struct {
	Group    string        // Options.Group
	Failures int           // consecutive failures, from 1
	Delay    time.Duration // the wait before the next attempt
}

// GroupConflictInfo describes a group conflict that stopped Run.
type GroupConflictInfo struct {
	Group         string // the contested group
	ShortSessions int    // as in GroupConflictError
}

// ReceivedInfo describes an event read from the connection.
type ReceivedInfo struct {
	// Event is the decoded event; observers must not change it. Its data
	// can hold personal data: record its Type, not its content.
	Event *Event
	// Bytes is the message's length.
	Bytes int64
}

// HandleStartInfo describes an event about to be handed to the handler.
type HandleStartInfo struct {
	// Event is the event; observers must not change it.
	Event *Event
	// Lag is how long the event waited between being read and being
	// handed over (queueing behind earlier events of its worker).
	Lag time.Duration
}

// HandleDoneInfo describes a handler call that returned.
type HandleDoneInfo struct {
	// Event is the event; observers must not change it.
	Event *Event
	// Lag is as in HandleStartInfo.
	Lag time.Duration
	// Duration is the handler's time.
	Duration time.Duration
	// Err is what the handler returned. Its text is the handler's: record
	// it only if you know it holds no personal data.
	Err error
}

// handleObs is the observed state of one handler call; the zero value (no
// observer) reports nothing.
type handleObs struct {
	lag   time.Duration
	start time.Time
}

func (s *Subscriber) handleStart(ctx context.Context, ev *Event) (context.Context, handleObs) {
	o := s.opts.Observer
	if o == nil {
		return ctx, handleObs{}
	}
	now := time.Now()
	h := handleObs{lag: now.Sub(ev.ReceivedAt), start: now}
	if f := o.HandleStart; f != nil {
		s.safe("HandleStart", func() {
			if c := f(ctx, HandleStartInfo{Event: ev, Lag: h.lag}); c != nil {
				ctx = c
			}
		})
	}
	return ctx, h
}

func (s *Subscriber) handleDone(ctx context.Context, ev *Event, h handleObs, err error) {
	if o := s.opts.Observer; o != nil && o.HandleDone != nil {
		info := HandleDoneInfo{Event: ev, Lag: h.lag, Duration: time.Since(h.start), Err: err}
		s.safe("HandleDone", func() { o.HandleDone(ctx, info) })
	}
}

func (s *Subscriber) obsConnected() {
	if o := s.opts.Observer; o != nil && o.Connected != nil {
		s.safe("Connected", func() { o.Connected(ConnectedInfo{Group: s.opts.Group}) })
	}
}

func (s *Subscriber) obsAuthFailed(status int) {
	if o := s.opts.Observer; o != nil && o.AuthFailed != nil {
		s.safe("AuthFailed", func() { o.AuthFailed(AuthFailedInfo{Group: s.opts.Group, StatusCode: status}) })
	}
}

func (s *Subscriber) obsReconnecting(failures int, d time.Duration) {
	if o := s.opts.Observer; o != nil && o.Reconnecting != nil {
		s.safe("Reconnecting", func() { o.Reconnecting(ReconnectingInfo{Group: s.opts.Group, Failures: failures, Delay: d}) })
	}
}

// obsStopped reports a group conflict that ended the connection loop.
func (s *Subscriber) obsStopped(err error) {
	var gc *GroupConflictError
	if o := s.opts.Observer; o != nil && o.GroupConflict != nil && errors.As(err, &gc) {
		s.safe("GroupConflict", func() { o.GroupConflict(GroupConflictInfo{Group: gc.Group, ShortSessions: gc.ShortSessions}) })
	}
}

func (s *Subscriber) obsReceived(ev *Event, size int64, dup bool) {
	o := s.opts.Observer
	if o == nil {
		return
	}
	f, hook := o.Received, "Received"
	if dup {
		f, hook = o.Duplicate, "Duplicate"
	}
	if f != nil {
		s.safe(hook, func() { f(ReceivedInfo{Event: ev, Bytes: size}) })
	}
}

// safe runs an observer function, recovering a panic (reported to OnError
// without its value, which may hold anything the observer saw). Observer
// hooks also run on worker goroutines, where nothing else would recover, so
// a panicking OnError is recovered here too and dropped.
func (s *Subscriber) safe(hook string, f func()) {
	if safecall.Call(f) != nil {
		_ = safecall.Call(func() {
			s.report(errors.New("push: Observer." + hook + " panicked; the subscriber goes on"))
		})
	}
}
