package wallet_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// A user name long enough to show whether logs mask it.
const longUser = "86000001"

// nilDerefError is a user error type whose Error method dereferences its
// receiver, as many do: a typed nil of it crashes whoever prints it.
type nilDerefError struct{ msg string }

func (e *nilDerefError) Error() string { return e.msg }

// panickyError panics when printed.
type panickyError struct{}

func (panickyError) Error() string { panic("Error() of " + longUser) }

// faultyStore is a MemoryStore whose next calls of one kind panic (or fail).
type faultyStore struct {
	*wallet.MemoryStore
	panicGets, panicCreates, panicUpdates atomic.Int32
}

func (s *faultyStore) Get(ctx context.Context, key string) (wallet.Record, bool, error) {
	if s.panicGets.Add(-1) >= 0 {
		panic("store get " + longUser)
	}
	return s.MemoryStore.Get(ctx, key)
}

func (s *faultyStore) Create(ctx context.Context, rec wallet.Record) (bool, error) {
	if s.panicCreates.Add(-1) >= 0 {
		var s []string
		_ = s[len(rec.UserName)] // a runtime panic: index out of range
	}
	return s.MemoryStore.Create(ctx, rec)
}

func (s *faultyStore) Update(ctx context.Context, rec wallet.Record) (bool, error) {
	if s.panicUpdates.Add(-1) >= 0 {
		panic(rec) // a panic value full of personal data
	}
	return s.MemoryStore.Update(ctx, rec)
}

// TestUserCodeCannotCrashTheServer: a Wallet or Store that panics or returns
// a typed nil error gets WALLET_INTERNAL_ERROR, leaves its record consistent
// (Pending, lease released) and is logged without personal data; a repeat
// once the fault is gone applies the adjustment exactly once. Before the
// guard, each of these panicked in a worker goroutine and ended the process.
func TestUserCodeCannotCrashTheServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		adjust func(context.Context, wallet.Adjustment) error
		store  func(*faultyStore)
		// created: the first attempt left a record (Pending, lease released)
		created bool
	}{
		{name: "Adjust returns a typed nil *wallet.Error", created: true,
			adjust: func(context.Context, wallet.Adjustment) error { var e *wallet.Error; return e }},
		{name: "Adjust returns a typed nil of a user type", created: true,
			adjust: func(context.Context, wallet.Adjustment) error { var e *nilDerefError; return e }},
		{name: "Adjust returns an error that panics when printed", created: true,
			adjust: func(context.Context, wallet.Adjustment) error { return panickyError{} }},
		{name: "Adjust panics", created: true,
			adjust: func(context.Context, wallet.Adjustment) error { panic("no account " + longUser) }},
		{name: "Store.Get panics", store: func(s *faultyStore) { s.panicGets.Store(1) }},
		{name: "Store.Create panics", store: func(s *faultyStore) { s.panicCreates.Store(1) }},
		{name: "Store.Update panics recording the outcome", created: true, store: func(s *faultyStore) { s.panicUpdates.Store(1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := &faultyStore{MemoryStore: wallet.NewMemoryStore()}
			e := newEnv(t, func(c *wallet.Config) { c.Store = store })
			e.ledger.Seed(longUser, "USD", wallet.MustParseAmount("100.00"))
			var faulty atomic.Bool
			faulty.Store(true)
			if tt.adjust != nil {
				e.ledger.BeforeAdjust = func(ctx context.Context, adj wallet.Adjustment) error {
					if faulty.Load() {
						return tt.adjust(ctx, adj)
					}
					return nil
				}
			}
			if tt.store != nil {
				tt.store(store)
			}
			ctx := context.Background()
			adj := wallettest.NewAdjustment(longUser, "USD", wallet.OpenPosition, "10")
			res := e.mm.Adjust(ctx, adj)
			require.NoError(t, res.Err)
			assert.Equal(t, wallet.CodeInternal, res.Code(), res.Envelope.Msg)

			rec, found, err := store.MemoryStore.Get(ctx, adj.RequestUniqueNo)
			require.NoError(t, err)
			require.Equal(t, tt.created, found)
			if found {
				assert.Equal(t, wallet.StatePending, rec.State, "outcome unknown: left for a repeat or the cancel")
				assert.True(t, rec.LeaseUntil.IsZero(), "lease released")
			}
			logs := e.logs.String()
			assert.Contains(t, logs, "level=ERROR")
			assert.NotContains(t, logs, longUser, "no user name in logs")
			assert.NotContains(t, logs, "203.0.113.7", "no IP in logs")

			faulty.Store(false)
			assert.True(t, e.mm.Adjust(ctx, adj).OK(), "a repeat settles it")
			assert.True(t, e.mm.Adjust(ctx, adj).OK())
			assert.Equal(t, "90.00", e.ledger.BalanceOf(longUser, "USD").String(), "applied exactly once")
		})
	}
}

// TestReverseAndBalanceFaultsAreContained: the other two Wallet calls.
func TestReverseAndBalanceFaultsAreContained(t *testing.T) {
	t.Parallel()
	t.Run("Reverse panics", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		var faulty atomic.Bool
		faulty.Store(true)
		e.ledger.BeforeReverse = func(context.Context, wallet.Reversal) error {
			if faulty.Load() {
				panic("reverse")
			}
			return nil
		}
		ctx := context.Background()
		adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
		require.True(t, e.mm.Adjust(ctx, adj).OK())
		c := wallettest.CancelFor(adj)
		assert.Equal(t, wallet.CodeInternal, e.mm.Cancel(ctx, c).Code())
		rec, _, err := e.store.Get(ctx, adj.RequestUniqueNo)
		require.NoError(t, err)
		assert.Equal(t, wallet.StateReversing, rec.State)
		assert.True(t, rec.LeaseUntil.IsZero(), "lease released")
		faulty.Store(false)
		res, _ := e.mm.CancelUntilSettled(ctx, c)
		assert.Equal(t, wallet.CodeOK, res.Code())
		assert.Equal(t, "100.00", e.balance(t))
	})
	t.Run("Balance returns a typed nil", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, func(c *wallet.Config) { c.Wallet = typedNilWallet{wallettest.NewLedger()} })
		_, res := e.mm.QueryBalance(context.Background(), wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
		require.NoError(t, res.Err)
		assert.Equal(t, wallet.CodeInternal, res.Code())
	})
	t.Run("ClientIP panics", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, func(c *wallet.Config) {
			c.AllowedNetworks = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}
			c.ClientIP = func(*http.Request) (netip.Addr, error) { panic("proxy header") }
		})
		res := e.mm.Adjust(context.Background(), wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10"))
		require.NoError(t, res.Err, "answered, not a dropped connection")
		assert.Equal(t, wallet.CodeForbidden, res.Code())
		assert.Equal(t, "100.00", e.balance(t))
	})
}

type typedNilWallet struct{ *wallettest.Ledger }

func (typedNilWallet) Balance(context.Context, wallet.BalanceQuery) (wallet.Balance, error) {
	var e *wallet.Error
	return wallet.Balance{}, e
}

// TestHandEditedRecordIsRefused: a stored record the Handler cannot have
// written (state applied, or reversing, without its adjustment) is answered
// WALLET_INTERNAL_ERROR and left as it is, for an operator to repair;
// before, the cancel dereferenced the missing adjustment and crashed.
func TestHandEditedRecordIsRefused(t *testing.T) {
	t.Parallel()
	for _, state := range []wallet.State{wallet.StateApplied, wallet.StateReversing, wallet.StatePending, "frozen"} {
		t.Run(string(state), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			ctx := context.Background()
			adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
			rec := wallet.Record{Key: adj.RequestUniqueNo, State: state, UserName: "u1", Currency: "USD", Version: 1}
			ok, err := e.store.Create(ctx, rec)
			require.NoError(t, err)
			require.True(t, ok)

			assert.Equal(t, wallet.CodeInternal, e.mm.Cancel(ctx, wallettest.CancelFor(adj)).Code())
			assert.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj).Code())
			got, _, err := e.store.Get(ctx, adj.RequestUniqueNo)
			require.NoError(t, err)
			assert.Equal(t, rec, got, "left untouched")
			assert.Equal(t, "100.00", e.balance(t))
			assert.Contains(t, e.logs.String(), "inconsistent")
		})
	}
}

// TestWalletErrorTextIsScrubbed: the text of a Wallet's own error is logged
// with the call's personal values masked.
func TestWalletErrorTextIsScrubbed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.ledger.Seed(longUser, "USD", wallet.MustParseAmount("100.00"))
	e.ledger.BeforeAdjust = func(_ context.Context, adj wallet.Adjustment) error {
		return errors.New("db timeout debiting " + adj.UserName + " from " + adj.IP)
	}
	res := e.mm.Adjust(context.Background(), wallettest.NewAdjustment(longUser, "USD", wallet.OpenPosition, "10"))
	assert.Equal(t, wallet.CodeInternal, res.Code())
	logs := e.logs.String()
	assert.Contains(t, logs, "db timeout debiting ***001 from ***3.7")
	assert.NotContains(t, logs, longUser)
}

// TestHungWalletDoesNotPileUpGoroutines: with a Wallet that never returns,
// at most Config.MaxConcurrentCalls calls run; the next ones are answered
// WALLET_BUSY without reaching the Wallet. Before the bound, every call
// left one more goroutine behind.
func TestHungWalletDoesNotPileUpGoroutines(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	var calls atomic.Int32
	hang := func() { calls.Add(1); <-stop }
	e := newEnv(t, func(c *wallet.Config) {
		c.WalletTimeout, c.AnswerTimeout, c.MaxConcurrentCalls = 100*time.Millisecond, 200*time.Millisecond, 2
	})
	t.Cleanup(func() { close(stop) }) // runs before newEnv's Shutdown
	e.ledger.BeforeAdjust = func(context.Context, wallet.Adjustment) error { hang(); return nil }
	ctx := context.Background()
	for _, user := range []string{"u1", "u2"} {
		assert.Equal(t, wallet.CodeTimeout, e.mm.Adjust(ctx, wallettest.NewAdjustment(user, "USD", wallet.OpenPosition, "1")).Code())
	}
	require.Equal(t, int32(2), calls.Load())
	assert.Equal(t, wallet.CodeBusy, e.mm.Adjust(ctx, wallettest.NewAdjustment("u3", "USD", wallet.OpenPosition, "1")).Code())
	_, res := e.mm.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
	assert.Equal(t, wallet.CodeBusy, res.Code())
	assert.Equal(t, int32(2), calls.Load(), "the Wallet was not called again")
	assert.Equal(t, 2, e.store.Len(), "nothing recorded for the busy call")
}

// foldingStore finds records case-insensitively, as a database with a
// case-insensitive collation would.
type foldingStore struct{ *wallet.MemoryStore }

func (s foldingStore) Get(ctx context.Context, key string) (wallet.Record, bool, error) {
	return s.MemoryStore.Get(ctx, strings.ToLower(key))
}

// TestRecordOfAnotherKeyIsRefused: a Store that returns the record of
// another key (here "r-a" for "R-A") is answered WALLET_INTERNAL_ERROR: the
// second adjustment must not be taken for a repeat of the first.
func TestRecordOfAnotherKeyIsRefused(t *testing.T) {
	t.Parallel()
	store := foldingStore{wallet.NewMemoryStore()}
	e := newEnv(t, func(c *wallet.Config) { c.Store = store })
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	adj.RequestUniqueNo = "r-a"
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	adj.RequestUniqueNo = "R-A"
	assert.Equal(t, wallet.CodeInternal, e.mm.Adjust(ctx, adj).Code())
	assert.Equal(t, "90.00", e.balance(t))
	assert.Contains(t, e.logs.String(), "stored under another key")
}
