package wallet_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

const company = "439"

type env struct {
	ledger *wallettest.Ledger
	store  *wallet.MemoryStore
	h      *wallet.Handler
	srv    *httptest.Server
	mm     *wallettest.Platform
	logs   *bytes.Buffer
}

func newEnv(t *testing.T, mod func(*wallet.Config)) *env {
	t.Helper()
	e := &env{ledger: wallettest.NewLedger(), store: wallet.NewMemoryStore(), logs: &bytes.Buffer{}}
	var mu sync.Mutex
	cfg := wallet.Config{CompanyID: company, Wallet: e.ledger, Store: e.store,
		Logger: slog.New(slog.NewTextHandler(lockedWriter{&mu, e.logs}, nil))}
	if mod != nil {
		mod(&cfg)
	}
	h, err := wallet.NewHandler(cfg)
	require.NoError(t, err)
	e.h = h
	e.srv = httptest.NewServer(h)
	t.Cleanup(func() {
		e.srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // only against a hang
		defer cancel()
		require.NoError(t, h.Shutdown(ctx))
	})
	// The platform gives up after 3 s; these tests check the handler's
	// answers (its own timeout code included), not how fast a busy machine
	// delivers them, so their platform waits up to a minute.
	e.mm = &wallettest.Platform{BaseURL: e.srv.URL, CompanyID: company, RetryDelay: 20 * time.Millisecond,
		HTTPClient: &http.Client{Timeout: time.Minute}}
	e.ledger.Seed("u1", "USD", wallet.MustParseAmount("100.00"))
	return e
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (e *env) balance(t *testing.T) string {
	t.Helper()
	return e.ledger.BalanceOf("u1", "USD").String()
}

func TestBalanceQuery(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for _, snake := range []bool{false, true} {
		e.mm.SnakeCase = snake
		a, res := e.mm.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
		require.NoError(t, res.Err)
		require.True(t, res.OK(), res.Envelope.Msg)
		assert.Equal(t, "100.00", a.String())
		assert.Equal(t, 2, a.Digits())
		assert.True(t, res.Envelope.OK)
		assert.False(t, res.Envelope.Fail)
	}
	_, res := e.mm.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: "nobody", Currency: "USD"})
	assert.Equal(t, wallet.CodeUnknownAccount, res.Code())
	assert.True(t, res.Envelope.Fail)
}

func TestAdjustDirections(t *testing.T) {
	tests := []struct {
		op      wallet.OperationType
		amount  string
		code    string
		balance string
	}{
		{wallet.OpenPosition, "30.00", wallet.CodeOK, "70.00"},
		{wallet.NormalClose, "30.5", wallet.CodeOK, "130.50"},
		{wallet.AbnormalOvertrading, "-0.01", wallet.CodeOK, "99.99"},
		{wallet.OpenPosition, "100.01", wallet.CodeInsufficientFunds, "100.00"},
		{wallet.OpenPosition, "-1", wallet.CodeBadRequest, "100.00"},
		{wallet.NormalClose, "-1", wallet.CodeBadRequest, "100.00"},
		{wallet.AbnormalOvertrading, "1", wallet.CodeBadRequest, "100.00"},
	}
	for _, tt := range tests {
		t.Run(string(tt.op)+" "+tt.amount, func(t *testing.T) {
			e := newEnv(t, nil)
			adj := wallettest.NewAdjustment("u1", "USD", tt.op, tt.amount)
			res := e.mm.Adjust(context.Background(), adj)
			require.NoError(t, res.Err)
			assert.Equal(t, tt.code, res.Code(), res.Envelope.Msg)
			assert.Equal(t, tt.balance, e.balance(t))
			assert.Equal(t, adj.RequestUniqueNo != "" && res.Envelope.Trace != "", true, "trace echoed")
		})
	}
}

func TestRepeatedRequestUniqueNo(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	for i := 0; i < 3; i++ {
		res := e.mm.Adjust(ctx, adj)
		require.True(t, res.OK(), "attempt %d: %s", i, res.Code())
	}
	assert.Equal(t, "90.00", e.balance(t))
	assert.Equal(t, 1, e.ledger.Effects())

	// a refused adjustment repeats its refusal, still without effect
	big := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1000")
	assert.Equal(t, wallet.CodeInsufficientFunds, e.mm.Adjust(ctx, big).Code())
	e.ledger.Seed("u1", "USD", wallet.MustParseAmount("5000"))
	assert.Equal(t, wallet.CodeInsufficientFunds, e.mm.Adjust(ctx, big).Code(), "first answer, not a second try")
	assert.Equal(t, "5000", e.balance(t))

	// same key, different body: conflict, no effect
	other := adj
	other.Amount = wallet.MustParseAmount("11")
	assert.Equal(t, wallet.CodeConflict, e.mm.Adjust(ctx, other).Code())
	assert.Equal(t, "5000", e.balance(t))
}

func TestCancelProcessedAdjustment(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "25.00")
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	require.Equal(t, "75.00", e.balance(t))

	c := wallettest.CancelFor(adj)
	assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, c).Code())
	assert.Equal(t, "100.00", e.balance(t))
	// retried cancel, and a second cancel with its own requestUniqueNo: no second reversal
	assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, c).Code())
	assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, wallettest.CancelFor(adj)).Code())
	assert.Equal(t, "100.00", e.balance(t))
	// the original repeated after its cancel is refused
	assert.Equal(t, wallet.CodeCancelled, e.mm.Adjust(ctx, adj).Code())
	assert.Equal(t, "100.00", e.balance(t))
	assert.Equal(t, 2, e.ledger.Effects())

	// reversing a credit debits
	cl := wallettest.NewAdjustment("u1", "USD", wallet.NormalClose, "5")
	require.True(t, e.mm.Adjust(ctx, cl).OK())
	require.Equal(t, "105.00", e.balance(t))
	assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, wallettest.CancelFor(cl)).Code())
	assert.Equal(t, "100.00", e.balance(t))

	// a cancel for another user is refused and changes nothing
	x := wallettest.NewAdjustment("u1", "USD", wallet.NormalClose, "1")
	require.True(t, e.mm.Adjust(ctx, x).OK())
	bad := wallettest.CancelFor(x)
	bad.UserName = "u2"
	assert.Equal(t, wallet.CodeBadRequest, e.mm.Cancel(ctx, bad).Code())
	assert.Equal(t, "101.00", e.balance(t))
}

func TestCancelUnknownThenLateOriginal(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	c := wallettest.CancelFor(adj)
	assert.Equal(t, wallet.CodeCancelNotReceived, e.mm.Cancel(ctx, c).Code())
	assert.Equal(t, wallet.CodeCancelNotReceived, e.mm.Cancel(ctx, c).Code(), "retried cancel")
	res := e.mm.Adjust(ctx, adj)
	assert.Equal(t, wallet.CodeCancelled, res.Code(), "late original refused")
	assert.True(t, res.Envelope.Fail)
	assert.Equal(t, "100.00", e.balance(t))
	assert.Equal(t, 0, e.ledger.Effects())
}

func TestCancelRejectedAdjustment(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "500")
	require.Equal(t, wallet.CodeInsufficientFunds, e.mm.Adjust(ctx, adj).Code())
	assert.Equal(t, wallet.CodeCancelNotProcessed, e.mm.Cancel(ctx, wallettest.CancelFor(adj)).Code())
	assert.Equal(t, "100.00", e.balance(t))
}

func TestConcurrentAdjustmentsOneUser(t *testing.T) {
	e := newEnv(t, nil)
	e.ledger.Seed("u1", "USD", wallet.MustParseAmount("30.00"))
	book := wallettest.NewBook()
	book.Seed("u1", "USD", wallet.MustParseAmount("30.00"))
	ctx := context.Background()
	var wg sync.WaitGroup
	trades := make([]wallettest.Trade, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var adj wallet.Adjustment
			switch i % 3 {
			case 0, 1:
				adj = wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1.10")
			default:
				adj = wallettest.NewAdjustment("u1", "USD", wallet.NormalClose, "0.35")
			}
			trades[i] = e.mm.Trade(ctx, adj)
			if i%5 == 0 { // a duplicate of every fifth
				e.mm.Adjust(ctx, adj)
			}
		}(i)
	}
	wg.Wait()
	accepted, refused := 0, 0
	for _, tr := range trades {
		book.Record(tr)
		require.True(t, tr.Settled(), "adjust %s cancel %s", tr.Adjust.Code(), tr.Cancel.Code())
		if tr.Accepted() {
			accepted++
		} else {
			refused++
		}
	}
	assert.Empty(t, book.Unsettled())
	assert.Equal(t, book.Expected("u1", "USD").String(), e.ledger.BalanceOf("u1", "USD").String())
	assert.GreaterOrEqual(t, e.ledger.BalanceOf("u1", "USD").Sign(), 0, "serialised: never overdrawn")
	assert.Equal(t, 50, accepted+refused)
	assert.Equal(t, accepted, e.ledger.Effects())
}

func TestChecksRefuseWithoutEffect(t *testing.T) {
	prefix := netip.MustParsePrefix("10.0.0.0/8")
	body, err := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1").MarshalJSON()
	require.NoError(t, err)
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	old := strconv.FormatInt(time.Now().Add(-time.Hour).UnixMilli(), 10)
	tests := []struct {
		name    string
		allow   bool // use the allow-list that excludes 127.0.0.1
		company string
		ts      string
		body    string
		code    string
	}{
		{name: "wrong companyId", company: "440", ts: now, body: string(body), code: wallet.CodeForbidden},
		{name: "missing companyId", company: "", ts: now, body: string(body), code: wallet.CodeForbidden},
		{name: "stale timestamp", company: company, ts: old, body: string(body), code: wallet.CodeStale},
		{name: "missing timestamp", company: company, ts: "", body: string(body), code: wallet.CodeStale},
		{name: "garbage timestamp", company: company, ts: "soon", body: string(body), code: wallet.CodeStale},
		{name: "malformed json", company: company, ts: now, body: `{"userName":"u1",`, code: wallet.CodeBadRequest},
		{name: "missing fields", company: company, ts: now, body: `{"userName":"u1","currency":"USD"}`, code: wallet.CodeBadRequest},
		{name: "empty body", company: company, ts: now, body: ``, code: wallet.CodeBadRequest},
		{name: "ip not allowed", allow: true, company: company, ts: now, body: string(body), code: wallet.CodeForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *wallet.Config) {
				if tt.allow {
					c.AllowedNetworks = []netip.Prefix{prefix}
				}
			})
			h := http.Header{}
			h.Set("companyId", tt.company)
			h.Set("timestamp", tt.ts)
			h.Set("trace", "t-1")
			res := e.mm.Post(context.Background(), wallet.DefaultPaths().Adjust, h, []byte(tt.body))
			require.NoError(t, res.Err)
			assert.Equal(t, http.StatusOK, res.HTTPStatus)
			assert.Equal(t, tt.code, res.Code(), res.Envelope.Msg)
			assert.True(t, res.Envelope.Fail)
			assert.Equal(t, "t-1", res.Envelope.Trace)
			assert.Equal(t, "100.00", e.balance(t))
			assert.Equal(t, 0, e.store.Len(), "nothing recorded")
			assert.NotContains(t, e.logs.String(), "u1", "no user names in logs")
		})
	}
	t.Run("allowed ip passes", func(t *testing.T) {
		e := newEnv(t, func(c *wallet.Config) {
			c.AllowedNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		})
		assert.True(t, e.mm.Adjust(context.Background(), wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1")).OK())
	})
	t.Run("GET is 405", func(t *testing.T) {
		e := newEnv(t, nil)
		resp, err := http.Get(e.srv.URL + wallet.DefaultPaths().Balance)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	})
}

func TestHangingWalletAnswersInTimeAndCancelSettles(t *testing.T) {
	release := make(chan struct{})
	e := newEnv(t, func(c *wallet.Config) {
		c.WalletTimeout = 300 * time.Millisecond
		c.AnswerTimeout = 500 * time.Millisecond
	})
	var once sync.Once
	e.ledger.BeforeAdjust = func(ctx context.Context, adj wallet.Adjustment) error {
		if adj.OrderID == 1 {
			<-release // ignores ctx, like badly written user code
		}
		return nil
	}
	defer once.Do(func() { close(release) })
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	adj.OrderID = 1
	res := e.mm.Adjust(ctx, adj)
	require.NoError(t, res.Err)
	assert.Equal(t, wallet.CodeTimeout, res.Code(), "answered on its own deadline while the Wallet hangs")

	// the platform cancels; the user's code still hangs: the cancel is answered, not settled
	c := wallettest.CancelFor(adj)
	res = e.mm.Cancel(ctx, c)
	require.NoError(t, res.Err)
	assert.False(t, wallettest.CancelSettled(res), res.Code())
	// balance queries are not blocked by the hang
	_, bres := e.mm.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
	assert.True(t, bres.OK())

	// the user's code finishes (applying the debit); the retried cancel reverses it
	once.Do(func() { close(release) })
	res, attempts := e.mm.CancelUntilSettled(ctx, c)
	assert.Equal(t, wallet.CodeOK, res.Code(), "after %d attempts", attempts)
	assert.Equal(t, "100.00", e.balance(t))
	assert.Equal(t, 2, e.ledger.Effects())
}

func TestBalanceTimeout(t *testing.T) {
	e := newEnv(t, func(c *wallet.Config) { c.WalletTimeout, c.AnswerTimeout = 100*time.Millisecond, 200*time.Millisecond })
	stop := make(chan struct{})
	defer close(stop)
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: hangingBalance{stop}, WalletTimeout: 100 * time.Millisecond, AnswerTimeout: 200 * time.Millisecond})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	e.mm.BaseURL = srv.URL
	_, res := e.mm.QueryBalance(context.Background(), wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
	assert.Equal(t, wallet.CodeTimeout, res.Code(), "answered on its own deadline while the balance call hangs")
}

type hangingBalance struct{ stop chan struct{} }

func (h hangingBalance) Balance(context.Context, wallet.BalanceQuery) (wallet.Balance, error) {
	<-h.stop
	return wallet.Balance{}, nil
}
func (hangingBalance) Adjust(context.Context, wallet.Adjustment) error { return nil }
func (hangingBalance) Reverse(context.Context, wallet.Reversal) error  { return nil }

func TestUnknownOutcomeIsSettledByRepeat(t *testing.T) {
	e := newEnv(t, nil)
	fail := true
	var mu sync.Mutex
	e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			fail = false
			return errors.New("db connection reset") // not an *Error: outcome unknown
		}
		return nil
	}
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	assert.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj).Code())
	rec, ok, err := e.store.Get(ctx, adj.RequestUniqueNo)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, wallet.StatePending, rec.State)
	assert.True(t, e.mm.Adjust(ctx, adj).OK(), "repeat settles by asking the idempotent wallet again")
	assert.True(t, e.mm.Adjust(ctx, adj).OK())
	assert.Equal(t, "90.00", e.balance(t))
	assert.Equal(t, 1, e.ledger.Effects())
}

func TestPanicInWalletIsContained(t *testing.T) {
	e := newEnv(t, nil)
	e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error { panic("boom") }
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	assert.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj).Code())
	e.ledger.BeforeAdjust = nil
	// the cancel settles the unknown outcome: applies then reverses, net zero
	res, _ := e.mm.CancelUntilSettled(ctx, wallettest.CancelFor(adj))
	assert.Equal(t, wallet.CodeOK, res.Code())
	assert.Equal(t, "100.00", e.balance(t))
}

func TestNewHandlerValidates(t *testing.T) {
	_, err := wallet.NewHandler(wallet.Config{Wallet: wallettest.NewLedger()})
	require.Error(t, err)
	_, err = wallet.NewHandler(wallet.Config{CompanyID: "1"})
	require.Error(t, err)
	_, err = wallet.NewHandler(wallet.Config{CompanyID: "1", Wallet: wallettest.NewLedger(), AnswerTimeout: 3 * time.Second})
	require.Error(t, err)
	_, err = wallet.NewHandler(wallet.Config{CompanyID: "1", Wallet: wallettest.NewLedger(), Paths: wallet.Paths{Balance: "/a", Adjust: "/a", Cancel: "/c"}})
	require.Error(t, err)
}

func BenchmarkAdjust(b *testing.B) {
	l := wallettest.NewLedger()
	l.AllowNegative = true
	l.Seed("u1", "USD", wallet.MustParseAmount("0"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: l, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(b, err)
	p := &wallettest.Platform{CompanyID: company}
	hdr := p.Headers()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1.25")
		body, _ := adj.MarshalJSON()
		r := httptest.NewRequest(http.MethodPost, wallet.DefaultPaths().Adjust, bytes.NewReader(body))
		r.Header = hdr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !bytes.Contains(w.Body.Bytes(), []byte(`"code":"0"`)) {
			b.Fatal(w.Body.String())
		}
	}
}

func BenchmarkBalance(b *testing.B) {
	l := wallettest.NewLedger()
	l.Seed("u1", "USD", wallet.MustParseAmount("10"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: l, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(b, err)
	p := &wallettest.Platform{CompanyID: company}
	hdr := p.Headers()
	body := []byte(`{"thirdServerCode":"x","userName":"u1","currency":"USD"}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := httptest.NewRequest(http.MethodPost, wallet.DefaultPaths().Balance, bytes.NewReader(body))
		r.Header = hdr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
	}
}

// TestCancelSettlingSlowAdjustAlsoReverses: the cancel of a Pending record
// settles it by Adjust and then reverses it. A slow Adjust must not leave the
// Reverse with an expired context (and the wallet with a debit the cancel
// itself created): Reverse gets its own deadline.
func TestCancelSettlingSlowAdjustAlsoReverses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delay time.Duration // how long the cancel's Adjust takes
	}{
		{"adjust past the wallet deadline", 1100 * time.Millisecond},
		{"adjust past the answer deadline", 2100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The Reverse gets WalletTimeout of its own: 1 s, not less, so
			// that a busy machine does not run out of it.
			e := newEnv(t, func(c *wallet.Config) {
				c.WalletTimeout = time.Second
				c.AnswerTimeout = 2 * time.Second
			})
			var mu sync.Mutex
			calls := 0
			e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error {
				mu.Lock()
				calls++
				n := calls
				mu.Unlock()
				if n == 1 {
					return errors.New("connection reset") // unknown outcome, not applied
				}
				time.Sleep(tc.delay) // slow, then applies (ignores ctx)
				return nil
			}
			e.ledger.BeforeReverse = func(ctx context.Context, _ wallet.Reversal) error {
				return ctx.Err() // honours ctx
			}
			ctx := context.Background()
			adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
			require.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj).Code())

			c := wallettest.CancelFor(adj)
			res := e.mm.Cancel(ctx, c)
			require.NoError(t, res.Err)
			// Wait for the worker (it may outlive a timed-out answer).
			sctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			require.NoError(t, e.h.Shutdown(sctx))
			assert.Equal(t, "100.00", e.balance(t), "the cancel answered %s and left its own debit", res.Code())
			rec, _, err := e.store.Get(ctx, adj.RequestUniqueNo)
			require.NoError(t, err)
			assert.Equal(t, wallet.StateReversed, rec.State)
			assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, c).Code(), "retried cancel gets the recorded answer")
			assert.Equal(t, 2, e.ledger.Effects())
		})
	}
}

// TestTwoInstancesDoNotStealLiveRecords runs two handlers on one Store: while
// instance A's Adjust is in flight (its answer timed out), instance B must
// not take the record and call the Wallet for it concurrently; it answers
// BUSY until A has recorded the outcome.
func TestTwoInstancesDoNotStealLiveRecords(t *testing.T) {
	short := func(c *wallet.Config) {
		c.WalletTimeout = 300 * time.Millisecond
		c.AnswerTimeout = 500 * time.Millisecond
		c.LeaseDuration = time.Hour // A's lease must not end on a slow machine; A releases it when its call ends
	}
	a := newEnv(t, short)
	b := newEnv(t, func(c *wallet.Config) {
		short(c)
		c.Store = a.store
		c.Wallet = a.ledger
	})
	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) })
	var mu sync.Mutex
	inFlight, maxInFlight, calls := 0, 0, 0
	a.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error {
		mu.Lock()
		calls++
		first := calls == 1
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		if first {
			<-release // A's call hangs, ignoring ctx
		}
		return nil
	}
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
	require.Equal(t, wallet.CodeTimeout, a.mm.Adjust(ctx, adj).Code())

	// B gets the platform's cancel and a repeat of the adjustment while A's call is live.
	c := wallettest.CancelFor(adj)
	assert.Equal(t, wallet.CodeBusy, b.mm.Cancel(ctx, c).Code())
	assert.Equal(t, wallet.CodeBusy, b.mm.Adjust(ctx, adj).Code())
	mu.Lock()
	assert.Equal(t, 1, calls, "B did not call Adjust for A's live record")
	mu.Unlock()

	once.Do(func() { close(release) })
	res, attempts := b.mm.CancelUntilSettled(ctx, c)
	assert.Equal(t, wallet.CodeOK, res.Code(), "after %d attempts", attempts)
	assert.Equal(t, "100.00", a.balance(t))
	assert.Equal(t, 2, a.ledger.Effects())
	mu.Lock()
	assert.Equal(t, 1, maxInFlight, "never two Adjust calls at once for one record")
	mu.Unlock()
}

// TestLeaseOfCrashedInstanceExpires: a Pending record left by an instance
// that died mid-call is busy until its lease ends, then settled; a record
// whose call ended with an unknown outcome is released at once.
func TestLeaseOfCrashedInstanceExpires(t *testing.T) {
	// The handler's clock is moved past the lease instead of sleeping.
	var skew atomic.Int64
	e := newEnv(t, func(c *wallet.Config) {
		c.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	})
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
	now := time.Now()
	a := adj
	ok, err := e.store.Create(ctx, wallet.Record{Key: adj.RequestUniqueNo, State: wallet.StatePending, UserName: "u1",
		Currency: "USD", Adjustment: &a, Owner: "crashed", LeaseUntil: now.Add(time.Minute),
		Version: 1, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	require.True(t, ok)
	c := wallettest.CancelFor(adj)
	assert.Equal(t, wallet.CodeBusy, e.mm.Cancel(ctx, c).Code())
	assert.Equal(t, 0, e.ledger.Effects())
	skew.Store(int64(2 * time.Minute))
	assert.Equal(t, wallet.CodeOK, e.mm.Cancel(ctx, c).Code(), "lease over: settled and reversed")
	assert.Equal(t, "100.00", e.balance(t))
	rec, _, err := e.store.Get(ctx, adj.RequestUniqueNo)
	require.NoError(t, err)
	assert.True(t, rec.LeaseUntil.IsZero(), "final record holds no lease")

	// An unknown outcome releases the lease: another instance settles it at once.
	other, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: e.ledger, Store: e.store,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	srv := httptest.NewServer(other)
	defer srv.Close()
	fail := true
	var mu sync.Mutex
	e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			fail = false
			return errors.New("connection reset")
		}
		return nil
	}
	adj2 := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "5.00")
	require.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj2).Code())
	p2 := &wallettest.Platform{BaseURL: srv.URL, CompanyID: company}
	assert.Equal(t, wallet.CodeOK, p2.Adjust(ctx, adj2).Code())
	assert.Equal(t, "95.00", e.balance(t))
}

func TestLeaseDurationValidated(t *testing.T) {
	_, err := wallet.NewHandler(wallet.Config{CompanyID: "1", Wallet: wallettest.NewLedger(), LeaseDuration: time.Second})
	require.Error(t, err, "lease shorter than the 2 s WalletTimeout")
}

// TestLongRefusalIsTruncated: a Wallet's *Error may carry any Code and Msg,
// but the answer (and the stored record, whose sqlstore columns are
// VARCHAR(64) and VARCHAR(256)) keeps at most MaxAnswerCodeLen and
// MaxAnswerMsgLen bytes, cut on a UTF-8 boundary.
func TestLongRefusalIsTruncated(t *testing.T) {
	e := newEnv(t, nil)
	longCode := "WALLET_" + strings.Repeat("X", 100)
	longMsg := strings.Repeat("é", 300) // 600 bytes
	e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error {
		return wallet.Reject(longCode, longMsg)
	}
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
	res := e.mm.Adjust(ctx, adj)
	require.NoError(t, res.Err)
	assert.LessOrEqual(t, len(res.Envelope.Code), 64)
	assert.LessOrEqual(t, len(res.Envelope.Msg), 256)
	assert.True(t, strings.HasPrefix(longCode, res.Envelope.Code))
	assert.True(t, strings.HasPrefix(longMsg, res.Envelope.Msg))
	assert.True(t, utf8.ValidString(res.Envelope.Msg))
	rec, _, err := e.store.Get(ctx, adj.RequestUniqueNo)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(rec.Answer.Code), 64)
	assert.LessOrEqual(t, len(rec.Answer.Msg), 256)
	assert.Equal(t, res.Envelope.Code, e.mm.Adjust(ctx, adj).Code(), "repeat gets the same (truncated) answer")
}

// TestMemoryStoreDefaultWarns: without a Store, NewHandler falls back to a
// MemoryStore, which a restart empties; it says so at Warn level.
func TestMemoryStoreDefaultWarns(t *testing.T) {
	var logs bytes.Buffer
	_, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: wallettest.NewLedger(),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "level=WARN")
	assert.Contains(t, logs.String(), "MemoryStore")

	logs.Reset()
	_, err = wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: wallettest.NewLedger(), Store: wallet.NewMemoryStore(),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	assert.NotContains(t, logs.String(), "level=WARN", "an explicit Store is the user's choice")
}

// TestOneUserWaitsOthersDoNot: calls for one user are serialised (a second
// call waits for the first's lock and, if it is still held when its answer
// is due, is answered busy without effect), while calls for other users go
// on meanwhile.
func TestOneUserWaitsOthersDoNot(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var calls sync.Map // requestUniqueNo → true once the Wallet saw it
	e := newEnv(t, func(c *wallet.Config) { c.WalletTimeout, c.AnswerTimeout = 500*time.Millisecond, time.Second })
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}) // runs before newEnv's Shutdown
	e.ledger.Seed("u2", "USD", wallet.MustParseAmount("100.00"))
	e.ledger.BeforeAdjust = func(_ context.Context, adj wallet.Adjustment) error {
		calls.Store(adj.RequestUniqueNo, true)
		if adj.UserName == "u1" {
			<-release
		}
		return nil
	}
	ctx := context.Background()
	first := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	firstDone := make(chan wallettest.Result, 1)
	go func() { firstDone <- e.mm.Adjust(ctx, first) }()
	require.Eventually(t, func() bool { _, ok := calls.Load(first.RequestUniqueNo); return ok }, time.Minute, time.Millisecond)

	other := wallettest.NewAdjustment("u2", "USD", wallet.OpenPosition, "10")
	otherDone := make(chan wallettest.Result, 1)
	go func() { otherDone <- e.mm.Adjust(ctx, other) }()
	require.Eventually(t, func() bool { return e.ledger.BalanceOf("u2", "USD").String() == "90.00" }, time.Minute, time.Millisecond,
		"another user's adjustment is applied while u1's lock is held")

	second := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	assert.Equal(t, wallet.CodeBusy, e.mm.Adjust(ctx, second).Code(), "u1's lock is held past the answer")
	_, called := calls.Load(second.RequestUniqueNo)
	assert.False(t, called, "the busy call did not reach the Wallet")

	assert.Equal(t, wallet.CodeTimeout, (<-firstDone).Code())
	close(release)
	require.Eventually(t, func() bool { return e.mm.Adjust(ctx, first).OK() }, time.Minute, 10*time.Millisecond,
		"the first adjustment's outcome is recorded once the Wallet returns")
	assert.Equal(t, "90.00", e.balance(t), "applied once; the busy call had no effect")
	<-otherDone
}

// workerGoroutines counts the goroutines of Handler workers in the process.
func workerGoroutines() int {
	buf := make([]byte, 8<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "wallet.(*Handler).worker(")
}

// TestWorkersAreReusedAndEndOnShutdown: calls in a row reuse worker
// goroutines rather than starting one each, and Shutdown ends the waiting
// ones. (Not parallel: it counts the process's goroutines.)
func TestWorkersAreReusedAndEndOnShutdown(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	const calls = 50
	for i := 0; i < calls; i++ {
		require.True(t, e.mm.Adjust(ctx, wallettest.NewAdjustment("u1", "USD", wallet.NormalClose, "1")).OK())
	}
	workers := workerGoroutines()
	assert.Positive(t, workers, "a worker waits for the next call")
	assert.Less(t, workers, calls, "workers are reused")
	assert.Equal(t, "150.00", e.balance(t))

	sctx, cancel := context.WithTimeout(ctx, time.Minute) // only against a hang
	defer cancel()
	require.NoError(t, e.h.Shutdown(sctx))
	require.Eventually(t, func() bool { return workerGoroutines() == 0 }, time.Minute, 5*time.Millisecond,
		"Shutdown ends the waiting workers")
}
