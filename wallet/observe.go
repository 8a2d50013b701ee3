package wallet

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Observer receives an event for every webhook call the Handler answers,
// for tracing and metrics (package mmotel builds one for OpenTelemetry).
// Every field is optional; set it as Config.Observer.
//
// The functions run synchronously on the Handler's goroutines, so they must
// be quick and must not block: the answer budget is 3 seconds. A panic in
// one is recovered and logged (without its value); the call goes on.
type Observer struct {
	// Answered is called after each answer was written, with the request's
	// context.
	Answered func(ctx context.Context, info AnsweredInfo)
	// Repeated is called when a request repeats one already settled (same
	// requestUniqueNo) and gets the recorded answer again instead of
	// reaching the Wallet.
	Repeated func(info RepeatedInfo)
	// LeaseBusy is called when a record is held by another Handler instance
	// sharing the Store, so the request is answered CodeBusy.
	LeaseBusy func(info LeaseBusyInfo)
}

// The webhook call types in AnsweredInfo.Type and RepeatedInfo.Type.
const (
	CallBalance = "balance" // get-user-amount
	CallAdjust  = "adjust"  // external-system-credit-limit-adjustment
	CallCancel  = "cancel"  // cancel-external-system-credit-limit-adjustment
)

// AnsweredInfo describes an answered webhook call.
type AnsweredInfo struct {
	// Type is CallBalance, CallAdjust or CallCancel.
	Type string
	// Code is the answer's code (CodeOK, CodeBusy, …, or a code from the
	// Wallet's *Error).
	Code string
	// Trace is the trace header MultiMarkets sent (at most 128 bytes, as
	// received: it may not be valid UTF-8).
	Trace string
	// Duration is the time from the request's arrival to the answer, by
	// Config.Now.
	Duration time.Duration
}

// RepeatedInfo describes a repeated request answered from the Store.
type RepeatedInfo struct {
	// Type is CallAdjust or CallCancel.
	Type string
	// Code is the recorded answer's code.
	Code string
}

// LeaseBusyInfo describes a record leased by another Handler instance.
type LeaseBusyInfo struct {
	// State is the record's state (StatePending or StateReversing).
	State State
}

func (h *Handler) obsAnswered(r *http.Request, c *call, a Answer) {
	if o := h.cfg.Observer; o != nil && o.Answered != nil {
		info := AnsweredInfo{Type: c.op, Code: a.Code, Trace: c.meta.Trace, Duration: h.cfg.Now().Sub(c.start)}
		h.safeObs("Answered", func() { o.Answered(r.Context(), info) })
	}
}

func (h *Handler) obsRepeated(typ string, a Answer) {
	if o := h.cfg.Observer; o != nil && o.Repeated != nil {
		h.safeObs("Repeated", func() { o.Repeated(RepeatedInfo{Type: typ, Code: a.Code}) })
	}
}

func (h *Handler) obsLeaseBusy(rec Record) {
	if o := h.cfg.Observer; o != nil && o.LeaseBusy != nil {
		h.safeObs("LeaseBusy", func() { o.LeaseBusy(LeaseBusyInfo{State: rec.State}) })
	}
}

// safeObs runs an observer function, recovering a panic.
func (h *Handler) safeObs(hook string, f func()) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("wallet: Observer panicked; the call goes on", slog.String("hook", hook))
		}
	}()
	f()
}
