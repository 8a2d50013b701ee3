package push

import (
	"errors"
	"fmt"
	"time"
)

// ErrAlreadyRunning is returned by Run when the same Subscriber is already
// running; use one Subscriber per group.
var ErrAlreadyRunning = errors.New("push: subscriber is already running")

// ErrPanic is wrapped in the error of user code that panicked: the Handler
// or Options.KeyFunc (in HandlerError.Err), or another callback (in Run's
// error). The text names where the panic happened and, for a runtime error
// (nil dereference, index out of range …), its message, but never the
// panic's value, which may hold an event's personal data.
var ErrPanic = errors.New("push: panic in user code")

// ErrMessageTooBig is wrapped in the Err of an Event whose message exceeded
// Options.MaxMessageBytes; its Raw holds the first MaxMessageBytes bytes.
var ErrMessageTooBig = errors.New("push: message larger than Options.MaxMessageBytes")

// GroupConflictError is returned by Run when another connection appears to
// use the same group: MultiMarkets allows one connection per group and
// kicks the other one out, so two subscribers with one group would take
// turns kicking each other forever (and split the events between them).
//
// The docs do not say which connection is kicked nor how. The subscriber
// concludes that it is being kicked when the server closes the connection
// with a reason containing "kick", or when Options.KickThreshold sessions in
// a row were healthy (a pong or an event arrived) and then closed by the
// server with a normal close (code 1000) within Options.KickWindow of
// connecting. A server error close (1001, 1008 without a kick reason, 1011,
// …) and a connection that merely drops (no close frame) never count.
// Give every process its own group (for example "billing-1", "billing-2").
type GroupConflictError struct {
	Group         string        // the contested group
	ShortSessions int           // consecutive healthy sessions closed by the server soon after connecting
	LastSession   time.Duration // how long the last session lasted
	LastClose     error         // how the server closed the last session
}

// Error implements error.
func (e *GroupConflictError) Error() string {
	return fmt.Sprintf("push: group %q is probably used by another connection: %d sessions in a row were closed by the server soon after connecting (last after %v: %v)",
		e.Group, e.ShortSessions, e.LastSession.Round(time.Millisecond), e.LastClose)
}

// Unwrap returns the last close error.
func (e *GroupConflictError) Unwrap() error { return e.LastClose }

// AuthError is returned by Run when the server keeps rejecting the token
// (HTTP 401/403 on the handshake, or a gateway code GGATEWAY_CODE_005/017
// "Login info is expired" in the handshake answer or in the close frame of a
// session shorter than Options.KickWindow) and the token source cannot
// provide a new one (a StaticToken, or Options.MaxAuthFailures rejections
// in a row).
type AuthError struct {
	StatusCode int    // HTTP status of the rejected handshake, 0 if the rejection came as a close frame
	Body       string // first bytes of the rejection (or the close reason), for diagnosis
	Err        error  // the dial or close error
}

// Error implements error.
func (e *AuthError) Error() string {
	return fmt.Sprintf("push: token rejected (HTTP %d): %v %s", e.StatusCode, e.Err, e.Body)
}

// Unwrap returns the underlying error.
func (e *AuthError) Unwrap() error { return e.Err }

// HandlerError is returned by Run when the handler returned an error. The
// subscriber stops (it cannot tell the server to re-send an event), so the
// failed event is not lost silently: Event holds it, and from the moment of
// the failure no further event is handed to the handler. The events that
// had been read but not yet handled are returned in Pending (and counted in
// Stats.Abandoned): to catch up, re-apply Event, then Pending in order.
type HandlerError struct {
	Event *Event // the event the handler failed on
	Err   error  // the handler's error
	// Pending holds the events read from the server but not handled because
	// of the failure, in arrival order (so in order within each ordering
	// key). It also holds events whose handler call was running for another
	// key when the failure happened and then returned an error too.
	Pending []*Event
}

// Error implements error.
func (e *HandlerError) Error() string {
	return fmt.Sprintf("push: handler failed on %s id=%s: %v", e.Event.Type, e.Event.ID, e.Err)
}

// Unwrap returns the handler's error.
func (e *HandlerError) Unwrap() error { return e.Err }
