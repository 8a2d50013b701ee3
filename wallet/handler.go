// Package wallet serves MultiMarkets' external-wallet webhooks, for a white
// label that keeps its customers' money in its own system: MultiMarkets asks
// the wallet for a balance (get-user-amount), asks it to move money when a
// customer trades (external-system-credit-limit-adjustment), and cancels an
// adjustment that failed or timed out
// (cancel-external-system-credit-limit-adjustment).
//
// Handler is the http.Handler for the three calls. It checks the companyId
// and timestamp headers, an optional source-IP allow-list and the bodies,
// answers within MultiMarkets' 3-second limit, and gives each adjustment
// exactly-once effect per requestUniqueNo: repeats get the first answer, a
// cancel reverses an applied adjustment at most once, and an adjustment
// whose cancel came first is refused. It keeps its idempotency records in a
// Store (MemoryStore, or package sqlstore to survive restarts) and calls the
// white label's Wallet, which must itself apply each key at most once (see
// Wallet). Amounts are exact decimals (Amount), never float64.
//
// Package wallettest plays MultiMarkets' side for tests, and the repository's
// docs/wallet.md walks through a setup.
package wallet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
	"github.com/multimarkets-sdk/multimarkets-go/internal/safecall"
)

// Wallet is the white label's wallet, implemented by the SDK user. The
// Handler calls it; it never sees a request that failed the checks, a
// repeated one, or one for an adjustment already cancelled.
//
// Idempotency contract: Adjust and Reverse are normally called once per
// adjustment. After a crash, a store failure or an error other than *Error,
// the outcome is unknown and the Handler settles it by calling Adjust (or
// Reverse) again with the same adjustment. So Adjust must apply each
// RequestUniqueNo at most once and Reverse each Original.RequestUniqueNo at
// most once: record the key in the same database transaction as the balance
// change and, for a key already recorded, return what it returned before.
//
// A panic in a Wallet call, and a nil pointer returned as a non-nil error
// (a "typed nil"), count as an error of unknown outcome: the call is
// answered WALLET_INTERNAL_ERROR and logged at error level (without the
// panic value), and the process keeps serving.
type Wallet interface {
	// Balance returns the user's current balance in q.Currency. Return
	// ErrUnknownAccount (or another *Error) for an account you do not hold.
	Balance(ctx context.Context, q BalanceQuery) (Balance, error)
	// Adjust adds adj.Delta() to the user's balance. Return nil only if the
	// change is applied; an *Error (e.g. ErrInsufficientFunds) only if it is
	// not and never will be; any other error if you cannot tell.
	// ctx expires inside the 3-second budget.
	Adjust(ctx context.Context, adj Adjustment) error
	// Reverse adds r.Delta (the opposite of r.Original.Delta()) to the balance,
	// undoing an adjustment Adjust applied. It should not refuse: a debit
	// reversing a credit may take the balance below zero. An error makes the
	// cancel fail, and MultiMarkets retries it.
	//
	// ctx normally expires with Adjust's budget. But when a cancel finds the
	// adjustment's outcome unknown, it first settles it by calling Adjust and,
	// if that applied it, calls Reverse with a deadline of its own
	// (Config.WalletTimeout counted from the Reverse call), so that a slow
	// Adjust never leaves the cancel's own effect in place for lack of time.
	// That Reverse may still be running after the cancel was answered
	// WALLET_TIMEOUT; its outcome is recorded and a retried cancel gets it.
	Reverse(ctx context.Context, r Reversal) error
}

// Paths are the URL paths the Handler serves. The defaults are the paths of
// MultiMarkets' webhook spec; the URLs registered with the subscription call
// must end in them.
type Paths struct {
	Balance string // default "/get-user-amount"
	Adjust  string // default "/external-system-credit-limit-adjustment"
	Cancel  string // default "/cancel-external-system-credit-limit-adjustment"
}

// DefaultPaths returns the paths of MultiMarkets' webhook spec.
func DefaultPaths() Paths {
	return Paths{
		Balance: "/get-user-amount",
		Adjust:  "/external-system-credit-limit-adjustment",
		Cancel:  "/cancel-external-system-credit-limit-adjustment",
	}
}

// Config configures a Handler. CompanyID and Wallet are required.
type Config struct {
	// CompanyID is the white label's company ID; calls with another companyId header are refused.
	CompanyID string
	// Wallet is the user's wallet.
	Wallet Wallet
	// Store keeps the idempotency records. Use a durable one (package
	// sqlstore) for real money.
	//
	// If nil, NewHandler uses NewMemoryStore() and logs a warning: a restart
	// then forgets every record, so a repeat of an applied adjustment is
	// applied again if the Wallet forgot it too, and a cancel of an adjustment
	// applied before the restart is answered US_0000002 ("never received")
	// while the money moved. Fine for tests only.
	//
	// Several Handler instances (processes) may share one durable Store; see LeaseDuration.
	Store Store
	// LeaseDuration is how long a Handler holds a Pending or Reversing record
	// while it calls the Wallet for it; other instances sharing the Store
	// answer WALLET_BUSY for that record until the outcome is recorded or the
	// lease ends (after a crash: LeaseDuration after the call began). It must
	// exceed the longest Wallet call plus the store write that follows, since a
	// Wallet call still running when the lease ends may meet a second call for
	// the same key from another instance. Default 10 s; must exceed WalletTimeout.
	LeaseDuration time.Duration
	// Paths the handler serves. Zero fields take DefaultPaths().
	Paths Paths
	// Logger receives one line per call (no user names, IPs or amounts). Default: slog.Default().
	Logger *slog.Logger
	// TimestampWindow is how far the timestamp header may be from now, either
	// way. Default 5 minutes; negative disables the check. The header is
	// required on balance and adjustment calls, optional on cancels (as documented).
	TimestampWindow time.Duration
	// WalletTimeout is the deadline given to Wallet calls, counted from the
	// request's arrival. Default 2 s. A Reverse that follows an Adjust made by
	// the same cancel (to settle an unknown outcome) gets its own WalletTimeout
	// counted from its start (see Wallet.Reverse).
	WalletTimeout time.Duration
	// AnswerTimeout is when the handler answers, whatever the Wallet or Store
	// are doing, counted from the request's arrival. Default 2.5 s; must be
	// below MultiMarkets' 3 s and not below WalletTimeout.
	AnswerTimeout time.Duration
	// StoreTimeout bounds each worker's store writes, which continue after a
	// timed-out answer so the outcome is recorded. Default 30 s.
	StoreTimeout time.Duration
	// MaxConcurrentCalls bounds the calls being worked on at once, those
	// still running after their answer was sent included (a Wallet or
	// Store that ignores its context keeps its goroutine), so that a hung
	// Wallet cannot make the Handler pile up goroutines without end. A call
	// that finds no room before its answer is due is answered WALLET_BUSY
	// without calling the Wallet. Default 1000.
	MaxConcurrentCalls int
	// AllowedNetworks, if not empty, is the source-IP allow-list.
	AllowedNetworks []netip.Prefix
	// ClientIP returns the caller's address for the allow-list. Default: the
	// host of r.RemoteAddr. Behind a proxy, return the address it reports,
	// and only if the request came from the proxy.
	ClientIP func(r *http.Request) (netip.Addr, error)
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Observer, if set, receives an event per answered call, repeat and
	// busy lease, for tracing and metrics (see Observer; package mmotel
	// makes one).
	Observer *Observer
}

// Handler serves MultiMarkets' external-wallet webhooks (balance query,
// adjustment, cancel) for one company with exactly-once effect per
// requestUniqueNo. Create it with NewHandler; it is safe for concurrent use.
type Handler struct {
	cfg   Config
	id    string
	log   *slog.Logger
	locks keyedMutex
	slots chan struct{} // one per call being worked on (Config.MaxConcurrentCalls)
	wg    sync.WaitGroup
	mux   map[string]func(http.ResponseWriter, *http.Request)

	memStore bool          // Config.Store is a *MemoryStore
	idle     chan func()   // hands a call's work to a worker goroutine waiting for one
	quit     chan struct{} // closed by Shutdown: idle workers end
	quitOnce sync.Once
}

// String describes the handler by its company and instance ID only: its
// state holds the user names of calls in progress.
func (h *Handler) String() string {
	return "wallet.Handler{companyId=" + h.cfg.CompanyID + " id=" + h.id + "}"
}

// Format prints String under every fmt verb.
func (h *Handler) Format(f fmt.State, verb rune) { redact.Format(f, verb, h.String()) }

// GoString is String.
func (h *Handler) GoString() string { return h.String() }

// NewHandler checks cfg, fills in defaults and returns the Handler.
func NewHandler(cfg Config) (*Handler, error) {
	if strings.TrimSpace(cfg.CompanyID) == "" {
		return nil, errors.New("wallet: Config.CompanyID is required")
	}
	if cfg.Wallet == nil {
		return nil, errors.New("wallet: Config.Wallet is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	memoryDefault := cfg.Store == nil
	if memoryDefault {
		cfg.Store = NewMemoryStore()
	}
	d := DefaultPaths()
	if cfg.Paths.Balance == "" {
		cfg.Paths.Balance = d.Balance
	}
	if cfg.Paths.Adjust == "" {
		cfg.Paths.Adjust = d.Adjust
	}
	if cfg.Paths.Cancel == "" {
		cfg.Paths.Cancel = d.Cancel
	}
	if cfg.TimestampWindow == 0 {
		cfg.TimestampWindow = 5 * time.Minute
	}
	if cfg.WalletTimeout <= 0 {
		cfg.WalletTimeout = 2 * time.Second
	}
	if cfg.AnswerTimeout <= 0 {
		cfg.AnswerTimeout = 2500 * time.Millisecond
	}
	if cfg.AnswerTimeout >= 3*time.Second || cfg.AnswerTimeout < cfg.WalletTimeout {
		return nil, fmt.Errorf("wallet: AnswerTimeout %v must be below 3s and not below WalletTimeout %v", cfg.AnswerTimeout, cfg.WalletTimeout)
	}
	if cfg.LeaseDuration <= 0 {
		cfg.LeaseDuration = 10 * time.Second
	}
	if cfg.LeaseDuration <= cfg.WalletTimeout {
		return nil, fmt.Errorf("wallet: LeaseDuration %v must exceed WalletTimeout %v", cfg.LeaseDuration, cfg.WalletTimeout)
	}
	if cfg.StoreTimeout <= 0 {
		cfg.StoreTimeout = 30 * time.Second
	}
	if cfg.MaxConcurrentCalls <= 0 {
		cfg.MaxConcurrentCalls = 1000
	}
	if cfg.ClientIP == nil {
		cfg.ClientIP = remoteAddr
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := &Handler{cfg: cfg, id: uuid.NewString(), log: cfg.Logger, locks: keyedMutex{m: map[string]*lockEntry{}},
		slots: make(chan struct{}, cfg.MaxConcurrentCalls), idle: make(chan func()), quit: make(chan struct{})}
	_, h.memStore = cfg.Store.(*MemoryStore)
	h.mux = map[string]func(http.ResponseWriter, *http.Request){
		cfg.Paths.Balance: h.serveBalance,
		cfg.Paths.Adjust:  h.serveAdjust,
		cfg.Paths.Cancel:  h.serveCancel,
	}
	if len(h.mux) != 3 {
		return nil, errors.New("wallet: Config.Paths must be three different paths")
	}
	if memoryDefault {
		h.log.Warn("wallet: Config.Store is nil, so records are kept in a MemoryStore: a restart forgets " +
			"them, and a cancel of an adjustment applied before it is answered US_0000002 although money " +
			"moved; use wallet/sqlstore in production")
	}
	return h, nil
}

// ServeHTTP routes the three configured paths; other paths get 404.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f, ok := h.mux[r.URL.Path]; ok {
		f(w, r)
		return
	}
	http.NotFound(w, r)
}

// BalanceHandler serves only the balance query, for mounting on a path of your own.
func (h *Handler) BalanceHandler() http.Handler { return http.HandlerFunc(h.serveBalance) }

// AdjustHandler serves only the adjustment call, for mounting on a path of your own.
func (h *Handler) AdjustHandler() http.Handler { return http.HandlerFunc(h.serveAdjust) }

// CancelHandler serves only the cancel call, for mounting on a path of your own.
func (h *Handler) CancelHandler() http.Handler { return http.HandlerFunc(h.serveCancel) }

// Shutdown waits until Wallet and Store calls still running after their
// answers were sent (timed-out calls) have finished and been recorded, or
// until ctx ends. Call it after http.Server.Shutdown. It also ends the
// worker goroutines kept waiting for calls; a Handler still serving after
// Shutdown starts a goroutine per call.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.quitOnce.Do(func() { close(h.quit) })
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func remoteAddr(r *http.Request) (netip.Addr, error) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap(), err
}

// call is one webhook call in progress.
type call struct {
	op       string
	start    time.Time
	meta     Meta
	body     []byte
	deadline time.Time // for Wallet calls
}

// begin runs the checks common to the three calls. A non-nil answer is final.
func (h *Handler) begin(w http.ResponseWriter, r *http.Request, op string, needTimestamp bool) (*call, *Answer) {
	c := &call{op: op, start: h.cfg.Now()}
	c.deadline = c.start.Add(h.cfg.WalletTimeout)
	c.meta.Trace = r.Header.Get("trace")
	if len(c.meta.Trace) > maxTrace {
		c.meta.Trace = c.meta.Trace[:maxTrace]
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		a := answerOf(CodeBadRequest, "method not allowed")
		return c, &a
	}
	if len(h.cfg.AllowedNetworks) > 0 {
		var ip netip.Addr
		err := h.guard("Config.ClientIP", "", nil, func() error {
			var err error
			ip, err = h.cfg.ClientIP(r)
			return err
		})
		if err != nil || !allowed(h.cfg.AllowedNetworks, ip) {
			return c, &ansForbidden
		}
	}
	if strings.TrimSpace(r.Header.Get("companyId")) != strings.TrimSpace(h.cfg.CompanyID) {
		return c, &ansForbidden
	}
	if ts := strings.TrimSpace(r.Header.Get("timestamp")); ts != "" {
		ms, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return c, &ansStale
		}
		c.meta.Timestamp = time.UnixMilli(ms).UTC()
		if win := h.cfg.TimestampWindow; win > 0 {
			if d := c.start.Sub(c.meta.Timestamp); d > win || d < -win {
				return c, &ansStale
			}
		}
	} else if needTimestamp && h.cfg.TimestampWindow > 0 {
		return c, &ansStale
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		a := answerOf(CodeBadRequest, "cannot read body")
		return c, &a
	}
	c.body = body
	return c, nil
}

func allowed(nets []netip.Prefix, ip netip.Addr) bool {
	for _, p := range nets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func badRequest(err error) Answer {
	var re *RequestError
	if errors.As(err, &re) {
		return answerOf(CodeBadRequest, strings.TrimPrefix(re.Error(), "wallet: "))
	}
	return answerOf(CodeBadRequest, "bad request")
}

// envelopeBuffers holds the buffers answers are written into.
var envelopeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// finish writes the envelope (data is a balance's, or nil for {}) and logs the call.
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, c *call, a Answer, data *BalanceData, key string) {
	tm := h.cfg.Now().Sub(c.start).Milliseconds()
	buf := envelopeBuffers.Get().(*[]byte)
	*buf = appendEnvelope((*buf)[:0], a, c.meta.Trace, data, tm)
	w.Header().Set("Content-Type", "application/json")
	status := http.StatusOK
	if r.Method != http.MethodPost {
		status = http.StatusMethodNotAllowed
	}
	w.WriteHeader(status)
	_, _ = w.Write(*buf)
	if cap(*buf) <= 4<<10 { // a long refusal's buffer is not kept
		envelopeBuffers.Put(buf)
	}
	h.obsAnswered(r, c, a)
	level := slog.LevelInfo
	if !a.OK() && a.Code != CodeCancelNotProcessed && a.Code != CodeCancelNotReceived {
		level = slog.LevelWarn
	}
	h.log.LogAttrs(r.Context(), level, "wallet webhook", slog.String("op", c.op), slog.String("code", a.Code),
		slog.String("requestUniqueNo", key), slog.String("trace", c.meta.Trace),
		slog.Int64("elapsedMs", tm))
}

func (h *Handler) serveBalance(w http.ResponseWriter, r *http.Request) {
	c, ans := h.begin(w, r, "balance", true)
	if ans != nil {
		h.finish(w, r, c, *ans, nil, "")
		return
	}
	q, err := DecodeBalanceQuery(c.body)
	if err != nil {
		h.finish(w, r, c, badRequest(err), nil, "")
		return
	}
	q.Meta = c.meta
	var data BalanceData // written by the worker before it answers CodeOK
	a := h.run(r, c, "", func() Answer {
		ctx, cancel := context.WithDeadline(context.Background(), c.deadline)
		defer cancel()
		var bal Balance
		err := h.guard("Wallet.Balance", "", []string{q.UserName, q.ThirdServerCode}, func() error {
			var err error
			bal, err = h.cfg.Wallet.Balance(ctx, q)
			return err
		})
		if err != nil {
			return answerFromError(err)
		}
		data = BalanceData{UserName: q.UserName, Currency: q.Currency, Amount: bal.Amount.String(), AmountDigits: bal.Amount.Digits()}
		return ansOK
	})
	if !a.OK() {
		h.finish(w, r, c, a, nil, "")
		return
	}
	h.finish(w, r, c, a, &data, "")
}

// guard calls code the Handler does not control (the Wallet, the Store,
// Config.ClientIP) so that nothing it does takes the process down: a panic
// in a worker goroutine cannot be recovered by net/http and would end the
// whole server. f's outcome comes back as one of three things:
//   - nil: done;
//   - a *Error (a copy): a Wallet's definitive refusal;
//   - a *callError: outcome unknown. That is any other error, a panic, and
//     a typed nil (a nil pointer in a non-nil error interface: not a
//     success, and looking into it would crash).
//
// Everything that looks into the error (errors.As, its Error method) runs
// under the recover too, so a caller may use the result freely. Panics and
// typed nils are logged at error level, without the panic value (see
// safecall) and with the call's personal values (pd) masked out of any text.
func (h *Handler) guard(what, key string, pd []string, f func() error) (err error) {
	bug := ""
	p := safecall.Call(func() {
		err = f()
		switch {
		case err == nil:
		case isNilValue(err):
			bug = fmt.Sprintf("returned a typed nil error (%T)", err)
		default:
			var refusal *Error
			if errors.As(err, &refusal) && refusal != nil {
				err = &Error{Code: refusal.Code, Msg: refusal.Msg}
				return
			}
			err = &callError{what: what, text: scrub(truncate(err.Error(), 200), pd)}
		}
	})
	if p != nil {
		bug = p.Error()
	}
	if bug != "" {
		h.log.Error("wallet: "+what+" "+bug+"; answering "+CodeInternal, slog.String("requestUniqueNo", key))
		return &callError{what: what, text: bug}
	}
	return err
}

// callError is an outcome-unknown failure of a call guard made.
type callError struct {
	what string // e.g. "Wallet.Adjust"
	text string // the error's text, personal values masked; or the panic or typed nil
}

func (e *callError) Error() string { return "wallet: " + e.what + ": " + e.text }

// isNilValue reports whether err is a non-nil interface holding a nil pointer
// (or another nil reference).
func isNilValue(err error) bool {
	v := reflect.ValueOf(err)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}

// scrub masks every personal value of the call (user name, IP, the
// customer's own ID) found in text, which comes from the user's or the
// store's error messages. Values shorter than 3 bytes are left: masking
// them would mangle the text, and they identify little.
func scrub(text string, pd []string) string {
	for _, v := range pd {
		if len(v) >= 3 {
			text = strings.ReplaceAll(text, v, redact.Mask(v))
		}
	}
	return text
}

// personal lists an adjustment's personal values, for scrub.
func (a *Adjustment) personal() []string {
	if a == nil {
		return nil
	}
	return []string{a.UserName, a.IP, a.ThirdServerCode}
}

// personal lists a cancel's personal values, for scrub.
func (c *Cancel) personal() []string { return []string{c.UserName, c.IP, c.ThirdServerCode} }

// personal lists a record's personal values, for scrub.
func (r *Record) personal() []string { return append(r.Adjustment.personal(), r.UserName) }

// get reads a record through guard and checks it: a record the Handler
// cannot have written (a hand-edited row: a state that needs the
// adjustment without one, an unknown state, another key) is an error, so
// that nothing acts on it; an operator must repair it.
func (h *Handler) get(ctx context.Context, key string, pd []string) (rec Record, found bool, err error) {
	err = h.guard("Store.Get", key, pd, func() error {
		var err error
		rec, found, err = h.cfg.Store.Get(ctx, key)
		return err
	})
	if err != nil {
		h.log.Error("wallet: store get failed", slog.String("requestUniqueNo", key), slog.String("err", err.Error()))
		return Record{}, false, err
	}
	if found {
		if reason := rec.inconsistency(key); reason != "" {
			h.log.Error("wallet: stored record is inconsistent ("+reason+"); answering "+CodeInternal+" until it is repaired",
				slog.String("requestUniqueNo", key), slog.String("state", truncate(string(rec.State), 32)))
			return Record{}, false, errors.New("wallet: inconsistent record: " + reason)
		}
	}
	return rec, found, nil
}

// inconsistency says why rec cannot be a record the Handler wrote for key, or "".
func (r *Record) inconsistency(key string) string {
	switch {
	case r.Key != key:
		return "stored under another key"
	case r.State == StateCancelledUnseen:
		return ""
	case r.State != StatePending && r.State != StateApplied && r.State != StateRejected &&
		r.State != StateReversing && r.State != StateReversed:
		return "unknown state"
	case r.Adjustment == nil:
		return "state " + string(r.State) + " without its adjustment"
	}
	return ""
}

// create stores a new record through guard.
func (h *Handler) create(ctx context.Context, rec Record) (created bool, err error) {
	err = h.guard("Store.Create", rec.Key, rec.personal(), func() error {
		var err error
		created, err = h.cfg.Store.Create(ctx, rec)
		return err
	})
	if err != nil {
		h.log.Error("wallet: store create failed", slog.String("requestUniqueNo", rec.Key), slog.String("err", err.Error()))
	}
	return created, err
}

// update writes a record through guard; the caller logs failures.
func (h *Handler) update(ctx context.Context, rec Record) (updated bool, err error) {
	err = h.guard("Store.Update", rec.Key, rec.personal(), func() error {
		var err error
		updated, err = h.cfg.Store.Update(ctx, rec)
		return err
	})
	return updated, err
}

// takeSlot reserves room for one worker goroutine (Config.MaxConcurrentCalls),
// waiting until ctx ends; false if none came free.
func (h *Handler) takeSlot(ctx context.Context) bool {
	if h.trySlot() {
		return true
	}
	select {
	case h.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		h.log.Warn("wallet: Config.MaxConcurrentCalls calls are running (a hung Wallet or Store?); answering " + CodeBusy)
		return false
	}
}

// trySlot takes a worker slot if one is free at once.
func (h *Handler) trySlot() bool {
	select {
	case h.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// freeSlot gives back a takeSlot or trySlot.
func (h *Handler) freeSlot() { <-h.slots }

// run runs work in a worker goroutine, under user's lock unless user is
// "", and returns its answer; or a timeout answer when the answer is due
// first (or the request is gone), while the worker goes on to completion
// and records the outcome. A call that gets neither the lock nor a worker
// slot before its answer is due is answered busy.
//
// The common case costs one goroutine and one timer: a context (with its
// timer and its link to the request's context) is made only to wait for a
// lock or a slot that is taken.
func (h *Handler) run(r *http.Request, c *call, user string, work func() Answer) Answer {
	due := c.start.Add(h.cfg.AnswerTimeout)
	release, ok := h.acquire(r, due, user)
	if !ok {
		return ansBusy
	}
	done := make(chan Answer, 1)
	h.wg.Add(1)
	h.startWorker(func() {
		defer h.wg.Done()
		defer release()
		// Every call into user code inside work is guarded; this is the
		// backstop for the rest (Config.Now, a bug of the SDK's), so that
		// the worker never takes the process down.
		a := ansInternal
		if p := safecall.Call(func() { a = work() }); p != nil {
			h.log.Error("wallet: worker "+p.Error()+"; answering "+CodeInternal, slog.String("op", c.op))
		}
		done <- a
	})
	timer := time.NewTimer(time.Until(due))
	defer timer.Stop()
	select {
	case a := <-done:
		return a
	case <-timer.C:
		return ansTimeout
	case <-r.Context().Done():
		return ansTimeout
	}
}

// workerIdle is how long a worker goroutine waits for another call before it ends.
const workerIdle = 2 * time.Second

// startWorker runs job on a worker goroutine: one waiting for work if there
// is one, else a new one. Reusing them spares a goroutine start and the
// growth of a fresh goroutine's stack per call.
func (h *Handler) startWorker(job func()) {
	select {
	case h.idle <- job:
	default:
		go h.worker(job)
	}
}

// worker runs job, then the jobs handed to it while it waits, until none
// came for workerIdle or Shutdown was called.
func (h *Handler) worker(job func()) {
	var t *time.Timer
	for {
		job()
		if t == nil {
			t = time.NewTimer(workerIdle)
		} else {
			t.Reset(workerIdle)
		}
		select {
		case job = <-h.idle:
		case <-t.C:
			return
		case <-h.quit:
			t.Stop()
			return
		}
	}
}

// acquire takes user's lock (unless user is "") and a worker slot, waiting
// for them until due or the end of the request; release gives both back.
func (h *Handler) acquire(r *http.Request, due time.Time, user string) (release func(), ok bool) {
	var unlock func()
	if user != "" {
		unlock = h.locks.tryLock(user)
	}
	if (user == "" || unlock != nil) && h.trySlot() {
		return h.releaser(unlock), true
	}
	actx, cancel := context.WithDeadline(r.Context(), due)
	defer cancel()
	if user != "" && unlock == nil {
		var err error
		if unlock, err = h.locks.lock(actx, user); err != nil {
			return nil, false
		}
	}
	if !h.takeSlot(actx) {
		if unlock != nil {
			unlock()
		}
		return nil, false
	}
	return h.releaser(unlock), true
}

// releaser returns the function that gives back what acquire took.
func (h *Handler) releaser(unlock func()) func() {
	return func() {
		if unlock != nil {
			unlock()
		}
		h.freeSlot()
	}
}

func (h *Handler) serveAdjust(w http.ResponseWriter, r *http.Request) {
	c, ans := h.begin(w, r, "adjust", true)
	if ans != nil {
		h.finish(w, r, c, *ans, nil, "")
		return
	}
	adj, err := DecodeAdjustment(c.body)
	if err != nil {
		h.finish(w, r, c, badRequest(err), nil, "")
		return
	}
	adj.Meta = c.meta
	a := h.run(r, c, adj.UserName, func() Answer { return h.adjust(adj, c.deadline) })
	h.finish(w, r, c, a, nil, adj.RequestUniqueNo)
}

func (h *Handler) serveCancel(w http.ResponseWriter, r *http.Request) {
	c, ans := h.begin(w, r, "cancel", false)
	if ans != nil {
		h.finish(w, r, c, *ans, nil, "")
		return
	}
	cn, err := DecodeCancel(c.body)
	if err != nil {
		h.finish(w, r, c, badRequest(err), nil, "")
		return
	}
	cn.Meta = c.meta
	a := h.run(r, c, cn.UserName, func() Answer { return h.cancel(cn, c.deadline) })
	h.finish(w, r, c, a, nil, cn.ReverseRequestUniqueNo)
}

// storeCtx is the context of a worker's store calls: not tied to the request,
// so that an outcome reached after the answer was sent is still recorded.
//
// A MemoryStore never waits (it only takes its own mutex) and ignores its
// context, so it is given one without a deadline: no timer per call.
func (h *Handler) storeCtx() (context.Context, context.CancelFunc) {
	if h.memStore {
		return context.Background(), func() {}
	}
	return context.WithTimeout(context.Background(), h.cfg.StoreTimeout)
}

// adjust runs under the user lock.
func (h *Handler) adjust(adj Adjustment, deadline time.Time) Answer {
	ctx, cancel := h.storeCtx()
	defer cancel()
	for attempt := 0; attempt < 3; attempt++ {
		rec, found, err := h.get(ctx, adj.RequestUniqueNo, adj.personal())
		if err != nil {
			return ansInternal
		}
		if !found {
			now := h.cfg.Now()
			a := adj
			rec = Record{Key: adj.RequestUniqueNo, State: StatePending, UserName: adj.UserName, Currency: adj.Currency,
				Adjustment: &a, Owner: h.id, LeaseUntil: now.Add(h.cfg.LeaseDuration), Version: 1, CreatedAt: now, UpdatedAt: now}
			ok, err := h.create(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue // someone else created it: look again
			}
			return h.applyAdjust(ctx, rec, deadline)
		}
		switch rec.State {
		case StateCancelledUnseen, StateReversing, StateReversed:
			return ansCancelled
		}
		if rec.Adjustment == nil || !rec.Adjustment.sameRequest(adj) {
			return ansConflict
		}
		switch rec.State {
		case StateApplied, StateRejected:
			h.obsRepeated(CallAdjust, rec.Answer)
			return rec.Answer
		case StatePending:
			// Left by a crash, a store failure or an unknown outcome: settle it
			// by asking the (idempotent) Wallet again, unless another instance
			// is doing so.
			if h.leasedElsewhere(rec) {
				return ansBusy
			}
			rec, ok, err := h.take(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue
			}
			return h.applyAdjust(ctx, rec, deadline)
		default:
			h.log.Error("wallet: record in unknown state", slog.String("requestUniqueNo", rec.Key), slog.String("state", string(rec.State)))
			return ansInternal
		}
	}
	return ansBusy
}

// leasedElsewhere reports whether another Handler instance holds a live lease
// on a Pending or Reversing record, i.e. may be calling the Wallet for it. The
// record must then be left alone. Records owned by this instance are never
// busy here: its calls for one user are serialised by the user lock.
func (h *Handler) leasedElsewhere(rec Record) bool {
	if rec.State != StatePending && rec.State != StateReversing {
		return false
	}
	if rec.Owner == h.id || !rec.LeaseUntil.After(h.cfg.Now()) {
		return false
	}
	h.obsLeaseBusy(rec)
	h.log.Info("wallet: record leased by another handler instance; answering busy",
		slog.String("requestUniqueNo", rec.Key), slog.String("owner", rec.Owner))
	return true
}

// take re-owns a record (version bump, fresh lease) so that a concurrent
// taker loses. Callers check leasedElsewhere first.
func (h *Handler) take(ctx context.Context, rec Record) (Record, bool, error) {
	now := h.cfg.Now()
	rec.Owner = h.id
	rec.LeaseUntil = now.Add(h.cfg.LeaseDuration)
	rec.Version++
	rec.UpdatedAt = now
	ok, err := h.update(ctx, rec)
	if err != nil {
		h.log.Error("wallet: store update failed", slog.String("requestUniqueNo", rec.Key), slog.String("err", err.Error()))
	}
	return rec, ok, err
}

// applyAdjust calls Wallet.Adjust for a Pending record and records the outcome.
func (h *Handler) applyAdjust(ctx context.Context, rec Record, deadline time.Time) Answer {
	taken := rec
	wctx, cancel := context.WithDeadline(context.Background(), deadline)
	err := h.guard("Wallet.Adjust", rec.Key, rec.personal(), func() error { return h.cfg.Wallet.Adjust(wctx, *rec.Adjustment) })
	cancel()
	var refusal *Error
	switch {
	case err == nil:
		rec.State, rec.Answer = StateApplied, ansOK
	case errors.As(err, &refusal):
		rec.State, rec.Answer = StateRejected, answerFromError(err)
	default:
		// Unknown outcome: leave Pending; a repeat or the cancel settles it,
		// on any instance since the call is over.
		h.log.Warn("wallet: Adjust failed with unknown outcome", slog.String("requestUniqueNo", rec.Key), slog.String("err", err.Error()))
		h.release(ctx, rec)
		return ansInternal
	}
	rec.LeaseUntil = time.Time{}
	rec.Version++
	rec.UpdatedAt = h.cfg.Now()
	ok, serr := h.update(ctx, rec)
	if serr != nil || !ok {
		// The record stays Pending; Adjust's idempotency makes the next look safe.
		switch {
		case serr != nil:
			h.log.Error("wallet: cannot record adjustment outcome", slog.String("requestUniqueNo", rec.Key), slog.String("err", serr.Error()))
			// The write failed (or its outcome is unknown): end this
			// instance's lease on the Pending record as it was taken, so
			// another instance may settle it at once. If the write did
			// happen, the version check makes this a no-op.
			h.release(ctx, taken)
		case err == nil:
			h.lostRace(ctx, rec.Key, "Adjust")
		default:
			h.log.Error("wallet: cannot record adjustment outcome", slog.String("requestUniqueNo", rec.Key), slog.Bool("lostRace", true))
		}
		return ansInternal
	}
	return rec.Answer
}

// release ends this instance's lease on a Pending or Reversing record whose
// Wallet call has returned with an unknown outcome, so that another instance
// may settle it at once. Best effort: an expired lease does the same later.
func (h *Handler) release(ctx context.Context, rec Record) {
	rec.LeaseUntil = time.Time{}
	rec.Version++
	rec.UpdatedAt = h.cfg.Now()
	if ok, err := h.update(ctx, rec); err != nil || !ok {
		h.log.Warn("wallet: cannot release lease", slog.String("requestUniqueNo", rec.Key), slog.Bool("lostRace", err == nil))
	}
}

// lostRace logs, at error level, a record taken by another instance while
// this one's Wallet call reported success: the lease ran out during the call
// (a Wallet call or store write slower than Config.LeaseDuration, or clocks
// apart), and the two instances may have called the Wallet for the same key
// at the same time. The Wallet's idempotency is then all that keeps the
// effect single.
func (h *Handler) lostRace(ctx context.Context, key, call string) {
	owner := "?"
	if cur, found, err := h.get(ctx, key, nil); err == nil && found {
		owner = cur.Owner
	}
	h.log.Error("wallet: another handler instance took the record while Wallet."+call+" succeeded here; lease too short or clocks apart",
		slog.String("requestUniqueNo", key), slog.String("owner", owner), slog.Duration("leaseDuration", h.cfg.LeaseDuration))
}

// cancel runs under the user lock.
func (h *Handler) cancel(c Cancel, deadline time.Time) Answer {
	ctx, cancel := h.storeCtx()
	defer cancel()
	key := c.ReverseRequestUniqueNo
	// settled is set once this cancel has itself applied the adjustment (by
	// settling a Pending record): the Reverse that must follow then gets a
	// fresh deadline, not what the Adjust left of the request's.
	settled := false
	reverseDeadline := func() time.Time {
		if settled {
			return time.Now().Add(h.cfg.WalletTimeout)
		}
		return deadline
	}
	for attempt := 0; attempt < 4; attempt++ {
		rec, found, err := h.get(ctx, key, c.personal())
		if err != nil {
			return ansInternal
		}
		if !found {
			now := h.cfg.Now()
			rec = Record{Key: key, State: StateCancelledUnseen, UserName: c.UserName, Currency: c.Currency,
				CancelKey: c.RequestUniqueNo, CancelAnswer: ansNotReceived, Owner: h.id, Version: 1, CreatedAt: now, UpdatedAt: now}
			ok, err := h.create(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue
			}
			return ansNotReceived
		}
		if rec.UserName != c.UserName || rec.Currency != c.Currency {
			return ansMismatchCancel
		}
		switch rec.State {
		case StateCancelledUnseen:
			h.obsRepeated(CallCancel, ansNotReceived)
			return ansNotReceived
		case StateRejected:
			return ansNotProcessed
		case StateReversed:
			h.obsRepeated(CallCancel, rec.CancelAnswer)
			return rec.CancelAnswer
		case StatePending:
			// Outcome of the original unknown: settle it first, then look again.
			if h.leasedElsewhere(rec) {
				return ansBusy
			}
			rec, ok, err := h.take(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue
			}
			a := h.applyAdjust(ctx, rec, deadline)
			if a.Code == CodeInternal {
				return a
			}
			settled = a.OK()
			continue
		case StateApplied:
			rec.State = StateReversing
			rec.CancelKey = c.RequestUniqueNo
			rec, ok, err := h.take(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue
			}
			return h.applyReverse(ctx, rec, c, reverseDeadline())
		case StateReversing:
			if h.leasedElsewhere(rec) {
				return ansBusy
			}
			rec, ok, err := h.take(ctx, rec)
			if err != nil {
				return ansInternal
			}
			if !ok {
				continue
			}
			return h.applyReverse(ctx, rec, c, reverseDeadline())
		default:
			h.log.Error("wallet: record in unknown state", slog.String("requestUniqueNo", rec.Key), slog.String("state", string(rec.State)))
			return ansInternal
		}
	}
	return ansBusy
}

// applyReverse calls Wallet.Reverse for a Reversing record and records the outcome.
func (h *Handler) applyReverse(ctx context.Context, rec Record, c Cancel, deadline time.Time) Answer {
	orig := *rec.Adjustment
	if !c.Amount.Equal(orig.Amount.Abs()) {
		h.log.Warn("wallet: cancel amount differs from the adjustment's; reversing the adjustment as recorded",
			slog.String("requestUniqueNo", rec.Key))
	}
	rv := Reversal{Original: orig, Cancel: c, Delta: orig.Delta().Neg()}
	taken := rec
	wctx, cancel := context.WithDeadline(context.Background(), deadline)
	err := h.guard("Wallet.Reverse", rec.Key, append(rec.personal(), c.personal()...), func() error { return h.cfg.Wallet.Reverse(wctx, rv) })
	cancel()
	if err != nil {
		h.log.Warn("wallet: Reverse failed; the cancel will be retried", slog.String("requestUniqueNo", rec.Key), slog.String("err", err.Error()))
		h.release(ctx, rec)
		return ansInternal
	}
	rec.State, rec.CancelAnswer = StateReversed, ansOK
	rec.LeaseUntil = time.Time{}
	rec.Version++
	rec.UpdatedAt = h.cfg.Now()
	ok, err := h.update(ctx, rec)
	if err != nil || !ok {
		if err == nil {
			h.lostRace(ctx, rec.Key, "Reverse")
		} else {
			h.log.Error("wallet: cannot record reversal", slog.String("requestUniqueNo", rec.Key), slog.String("err", err.Error()))
			h.release(ctx, taken) // as in applyAdjust: Reverse is idempotent, another instance may retry it
		}
		return ansInternal
	}
	return ansOK
}

// keyedMutex is a set of per-key locks that can be waited for with a context.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*lockEntry
}

type lockEntry struct {
	ch   chan struct{}
	refs int
}

// enter returns key's entry, counting the caller in.
func (k *keyedMutex) enter(key string) *lockEntry {
	k.mu.Lock()
	e := k.m[key]
	if e == nil {
		e = &lockEntry{ch: make(chan struct{}, 1)}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()
	return e
}

// tryLock takes key's lock if it is free and returns its unlock function;
// nil if the lock is held.
func (k *keyedMutex) tryLock(key string) func() {
	e := k.enter(key)
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; k.release(key, e) }
	default:
		k.release(key, e)
		return nil
	}
}

// lock takes key's lock, waiting until ctx ends.
func (k *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	e := k.enter(key)
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; k.release(key, e) }, nil
	case <-ctx.Done():
		k.release(key, e)
		return nil, ctx.Err()
	}
}

func (k *keyedMutex) release(key string, e *lockEntry) {
	k.mu.Lock()
	e.refs--
	if e.refs == 0 {
		delete(k.m, key)
	}
	k.mu.Unlock()
}
