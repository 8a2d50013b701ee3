package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
)

// SQLWallet is a wallet.Wallet in SQLite or PostgreSQL. Each balance change
// and its ledger row (keyed by the adjustment's requestUniqueNo, or "rev:"+it
// for a reversal) commit in one transaction, which is what makes Adjust and
// Reverse idempotent as wallet.Wallet requires. On PostgreSQL the transaction
// locks the account row first (SELECT … FOR UPDATE), so that several
// instances on one database change a balance one at a time.
type SQLWallet struct {
	DB *sql.DB
	// Dialect is the database's: sqlstore.SQLite (the default) or sqlstore.PostgreSQL.
	Dialect sqlstore.Dialect
	// AllowNegative lets debits take a balance below zero.
	AllowNegative bool
}

// q adapts a query written with ? placeholders to the dialect.
func (w *SQLWallet) q(query string) string {
	if w.Dialect != sqlstore.PostgreSQL {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Migrate creates the accounts and ledger tables. On PostgreSQL it holds an
// advisory lock meanwhile, as instances starting together would otherwise
// race in CREATE TABLE IF NOT EXISTS.
func (w *SQLWallet) Migrate(ctx context.Context) error {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if w.Dialect == sqlstore.PostgreSQL {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(4242)`); err != nil {
			return err
		}
	}
	for _, ddl := range []string{
		`CREATE TABLE IF NOT EXISTS accounts (user_name TEXT NOT NULL, currency TEXT NOT NULL, amount TEXT NOT NULL, PRIMARY KEY (user_name, currency))`,
		`CREATE TABLE IF NOT EXISTS ledger (entry_key TEXT PRIMARY KEY, user_name TEXT NOT NULL, currency TEXT NOT NULL, delta TEXT NOT NULL, created_ms BIGINT NOT NULL)`,
	} {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Seed creates an account with amount if it does not exist.
func (w *SQLWallet) Seed(ctx context.Context, user, currency string, amount wallet.Amount) error {
	_, err := w.DB.ExecContext(ctx, w.q(`INSERT INTO accounts (user_name, currency, amount) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`), user, currency, amount.String())
	return err
}

// Balance implements wallet.Wallet.
func (w *SQLWallet) Balance(ctx context.Context, q wallet.BalanceQuery) (wallet.Balance, error) {
	var s string
	err := w.DB.QueryRowContext(ctx, w.q(`SELECT amount FROM accounts WHERE user_name = ? AND currency = ?`), q.UserName, q.Currency).Scan(&s)
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
	if err := w.DB.QueryRowContext(ctx, w.q(`SELECT COUNT(*) FROM ledger WHERE entry_key = ?`), r.Original.RequestUniqueNo).Scan(&n); err != nil {
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
	// The account row first, locked on PostgreSQL: a concurrent change of the
	// same account (from this or another instance) waits until we commit, and
	// the ledger check below then sees its row.
	lock := ""
	if w.Dialect == sqlstore.PostgreSQL {
		lock = " FOR UPDATE"
	}
	var s string
	err = tx.QueryRowContext(ctx, w.q(`SELECT amount FROM accounts WHERE user_name = ? AND currency = ?`+lock), user, currency).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		err = wallet.ErrUnknownAccount
		return err
	}
	if err != nil {
		return err
	}
	var n int
	if err = tx.QueryRowContext(ctx, w.q(`SELECT COUNT(*) FROM ledger WHERE entry_key = ?`), key).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return tx.Commit() // already applied: idempotent
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
	if _, err = tx.ExecContext(ctx, w.q(`UPDATE accounts SET amount = ? WHERE user_name = ? AND currency = ?`), nb.String(), user, currency); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, w.q(`INSERT INTO ledger (entry_key, user_name, currency, delta, created_ms) VALUES (?, ?, ?, ?, ?)`),
		key, user, currency, delta.String(), time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}
