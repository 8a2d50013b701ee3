// Package wallettest helps test an external-wallet integration without
// MultiMarkets: Platform plays MultiMarkets' side and calls a wallet's
// webhooks (balance queries, adjustments, duplicates, timeouts followed by
// cancels, retried cancels, late originals), Book keeps what the platform
// believes, and Ledger is an in-memory Wallet to test against.
package wallettest

import (
	"context"
	"fmt"
	"sync"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// Ledger is an in-memory wallet.Wallet that honours the idempotency contract
// (each adjustment applied at most once, each reversal at most once). It is
// for tests; it forgets everything when the process ends.
type Ledger struct {
	// BeforeAdjust, if set, runs before each Adjust; returning an error makes
	// Adjust fail with it without effect. Tests use it to hang or fail.
	BeforeAdjust func(ctx context.Context, adj wallet.Adjustment) error
	// BeforeReverse, if set, runs before each Reverse, like BeforeAdjust.
	BeforeReverse func(ctx context.Context, r wallet.Reversal) error
	// AllowNegative lets debits take a balance below zero; otherwise Adjust
	// refuses them with wallet.ErrInsufficientFunds.
	AllowNegative bool

	mu       sync.Mutex
	balances map[string]wallet.Amount
	applied  map[string]bool // adjustment keys applied
	reversed map[string]bool // adjustment keys reversed
	effects  int             // balance changes made
}

// NewLedger returns an empty Ledger.
func NewLedger() *Ledger {
	return &Ledger{balances: map[string]wallet.Amount{}, applied: map[string]bool{}, reversed: map[string]bool{}}
}

func acct(user, currency string) string { return user + "\x00" + currency }

// Seed sets a balance.
func (l *Ledger) Seed(user, currency string, amount wallet.Amount) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.balances[acct(user, currency)] = amount
}

// BalanceOf returns a balance (zero if the account is unknown).
func (l *Ledger) BalanceOf(user, currency string) wallet.Amount {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.balances[acct(user, currency)]
}

// Effects returns how many balance changes (adjustments and reversals) were made.
func (l *Ledger) Effects() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.effects
}

// String describes the ledger by its size only: its accounts are named by user.
func (l *Ledger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprintf("wallettest.Ledger{accounts=%d effects=%d}", len(l.balances), l.effects)
}

// Format prints String under every fmt verb.
func (l *Ledger) Format(f fmt.State, verb rune) { redact.Format(f, verb, l.String()) }

// GoString is String.
func (l *Ledger) GoString() string { return l.String() }

// Balance implements wallet.Wallet.
func (l *Ledger) Balance(_ context.Context, q wallet.BalanceQuery) (wallet.Balance, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.balances[acct(q.UserName, q.Currency)]
	if !ok {
		return wallet.Balance{}, wallet.ErrUnknownAccount
	}
	return wallet.Balance{Amount: b}, nil
}

// Adjust implements wallet.Wallet.
func (l *Ledger) Adjust(ctx context.Context, adj wallet.Adjustment) error {
	if l.BeforeAdjust != nil {
		if err := l.BeforeAdjust(ctx, adj); err != nil {
			return err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.applied[adj.RequestUniqueNo] {
		return nil
	}
	k := acct(adj.UserName, adj.Currency)
	b, ok := l.balances[k]
	if !ok {
		return wallet.ErrUnknownAccount
	}
	nb := b.Add(adj.Delta())
	if nb.Sign() < 0 && adj.Delta().Sign() < 0 && !l.AllowNegative {
		return wallet.ErrInsufficientFunds
	}
	l.balances[k] = nb
	l.applied[adj.RequestUniqueNo] = true
	l.effects++
	return nil
}

// Reverse implements wallet.Wallet.
func (l *Ledger) Reverse(ctx context.Context, r wallet.Reversal) error {
	if l.BeforeReverse != nil {
		if err := l.BeforeReverse(ctx, r); err != nil {
			return err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	key := r.Original.RequestUniqueNo
	if l.reversed[key] || !l.applied[key] {
		return nil
	}
	k := acct(r.Original.UserName, r.Original.Currency)
	l.balances[k] = l.balances[k].Add(r.Delta)
	l.reversed[key] = true
	l.effects++
	return nil
}
