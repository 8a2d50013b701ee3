package msgchannel

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// Observer receives an event for every message call the Handler answers,
// for tracing and metrics (package mmotel builds one for OpenTelemetry).
// Set it as Config.Observer.
//
// Answered runs synchronously before ServeHTTP returns, so it must be
// quick. A panic in it is recovered and logged (without its value).
type Observer struct {
	// Answered is called after each answer was written, with the request's
	// context.
	Answered func(ctx context.Context, info AnsweredInfo)
}

// AnsweredInfo describes an answered message call. It holds neither the
// recipient nor the content.
type AnsweredInfo struct {
	// Kind is KindEmail or KindSMS, "" when the body could not be decoded.
	Kind Kind
	// Code is the answer's code (CodeSuccess, CodeRepeated, …; "405" for
	// a method other than POST).
	Code string
	// Repeated reports a message whose trace was already sent or is being
	// sent: answered as the first delivery was, or with CodeRepeated.
	Repeated bool
	// Duration is the time from the request's arrival to the answer.
	Duration time.Duration
}

// observedWriter is the ResponseWriter of an observed call: it keeps the
// status written and the message kind noted by ServeHTTP.
type observedWriter struct {
	http.ResponseWriter
	status   int
	kind     Kind
	repeated bool
}

func (w *observedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

// observing reports whether w is already an observed call's writer.
func observing(w http.ResponseWriter) bool { _, ok := w.(*observedWriter); return ok }

// serveObserved serves the call with an observedWriter and reports it.
func (h *Handler) serveObserved(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ow := &observedWriter{ResponseWriter: w}
	h.ServeHTTP(ow, r)
	if f := h.cfg.Observer.Answered; f != nil {
		status := ow.status
		if status == 0 {
			status = http.StatusOK
		}
		// Every answer code is written with the same HTTP status.
		code := strconv.Itoa(status)
		info := AnsweredInfo{Kind: ow.kind, Code: code, Repeated: ow.repeated || code == CodeRepeated, Duration: time.Since(start)}
		func() {
			defer func() {
				if p := recover(); p != nil {
					h.cfg.Logger.Error("msgchannel: Observer panicked; the call goes on")
				}
			}()
			f(r.Context(), info)
		}()
	}
}

// noteRepeat tells an observed call's writer that the message's trace was
// delivered (or is being delivered) already.
func noteRepeat(w http.ResponseWriter) {
	if ow, ok := w.(*observedWriter); ok {
		ow.repeated = true
	}
}

// noteKind tells an observed call's writer the message's kind.
func noteKind(w http.ResponseWriter, k Kind) {
	if ow, ok := w.(*observedWriter); ok {
		ow.kind = k
	}
}
