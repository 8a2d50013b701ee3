package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// SQLWallet is a wallet.Wallet in SQLite. Each balance change and its ledger
// row (keyed by the adjustment's requestUniqueNo, or "rev:"+it for a
// reversal) commit in one transaction, which is what makes Adjust and Reverse
// idempotent as wallet.Wallet requires.
type SQLWallet struct {
	DB *sql.DB
	// AllowNegative lets debits take a balance below zero.
	AllowNegative bool
}

// Migrate creates the accounts and ledger tables.
func (w *SQLWallet) Migrate(ctx context.Context) error {
	_, err := w.DB.ExecContext(ctx, `
CREATE TABLE IF NOT EXISTS accounts (user_name TEXT NOT NULL, currency TEXT NOT NULL, amount TEXT NOT NULL, PRIMARY KEY (user_name, currency));
CREATE TABLE IF NOT EXISTS ledger (entry_key TEXT PRIMARY KEY, user_name TEXT NOT NULL, currency TEXT NOT NULL, delta TEXT NOT NULL, created_ms INTEGER NOT NULL);`)
	return err
}

// Seed creates an account with amount if it does not exist.
func (w *SQLWallet) Seed(ctx context.Context, user, currency string, amount wallet.Amount) error {
	_, err := w.DB.ExecContext(ctx, `INSERT OR IGNORE INTO accounts (user_name, currency, amount) VALUES (?, ?, ?)`, user, currency, amount.String())
	return err
}

// Balance implements wallet.Wallet.
func (w *SQLWallet) Balance(ctx context.Context, q wallet.BalanceQuery) (wallet.Balance, error) {
	var s string
	err := w.DB.QueryRowContext(ctx, `SELECT amount FROM accounts WHERE user_name = ? AND currency = ?`, q.UserName, q.Currency).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return wallet.Balance{}, wallet.ErrUnknownAccount
	}
	if err != nil {
		return wallet.Balance{}, err
	}
	a, err := wallet.ParseAmount(s)
	return wallet.Balance{Amount: a}, err
}

// Adjust implements wallet.Wallet.
func (w *SQLWallet) Adjust(ctx context.Context, adj wallet.Adjustment) error {
	return w.apply(ctx, adj.RequestUniqueNo, adj.UserName, adj.Currency, adj.Delta(), !w.AllowNegative)
}

// Reverse implements wallet.Wallet.
func (w *SQLWallet) Reverse(ctx context.Context, r wallet.Reversal) error {
	var n int
	if err := w.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger WHERE entry_key = ?`, r.Original.RequestUniqueNo).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("reversal of an adjustment not in the ledger")
	}
	return w.apply(ctx, "rev:"+r.Original.RequestUniqueNo, r.Original.UserName, r.Original.Currency, r.Delta, false)
}

func (w *SQLWallet) apply(ctx context.Context, key, user, currency string, delta wallet.Amount, guard bool) (err error) {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	var n int
	if err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger WHERE entry_key = ?`, key).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return tx.Commit() // already applied: idempotent
	}
	var s string
	err = tx.QueryRowContext(ctx, `SELECT amount FROM accounts WHERE user_name = ? AND currency = ?`, user, currency).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		err = wallet.ErrUnknownAccount
		return err
	}
	if err != nil {
		return err
	}
	bal, err := wallet.ParseAmount(s)
	if err != nil {
		return fmt.Errorf("stored balance unreadable: %w", err)
	}
	nb := bal.Add(delta)
	if guard && delta.Sign() < 0 && nb.Sign() < 0 {
		err = wallet.ErrInsufficientFunds
		return err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE accounts SET amount = ? WHERE user_name = ? AND currency = ?`, nb.String(), user, currency); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO ledger (entry_key, user_name, currency, delta, created_ms) VALUES (?, ?, ?, ?, ?)`,
		key, user, currency, delta.String(), time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}
