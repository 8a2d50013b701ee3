package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// A backend makes databases for a test: each call of the function newDB
// returns gives a new *sql.DB (a new connection pool, as after a restart) on
// one database of the test's own.
type backend struct {
	name  string
	newDB func(t *testing.T) func() *sql.DB
}

var backends = []backend{
	{"sqlite", func(t *testing.T) func() *sql.DB {
		path := filepath.Join(t.TempDir(), "s.db")
		return func() *sql.DB {
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return db
		}
	}},
	{"postgres", func(t *testing.T) func() *sql.DB {
		u := pgtest.Schema(t) // skips without MM_TEST_POSTGRES_URL
		return func() *sql.DB {
			db, err := sql.Open("pgx", u)
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return db
		}
	}},
}

// forEach runs f as a parallel subtest per backend.
func forEach(t *testing.T, f func(t *testing.T, newDB func() *sql.DB)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			f(t, b.newDB(t))
		})
	}
}

func open(t *testing.T, newDB func() *sql.DB) (*sql.DB, *sqlstore.Store) {
	t.Helper()
	db := newDB()
	s, err := sqlstore.New(db)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(context.Background()))
	return db, s
}

func TestStoreContract(t *testing.T) {
	t.Parallel()
	forEach(t, testStoreContract)
}

func testStoreContract(t *testing.T, newDB func() *sql.DB) {
	_, s := open(t, newDB)
	testStoreContractOn(t, s)
}

// testStoreContractOn checks the wallet.Store contract on an empty, migrated s.
func testStoreContractOn(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "12.50")
	now := time.UnixMilli(time.Now().UnixMilli())
	rec := wallet.Record{Key: adj.RequestUniqueNo, State: wallet.StatePending, UserName: "u1", Currency: "USD",
		Adjustment: &adj, Owner: "a", Version: 1, CreatedAt: now, UpdatedAt: now}
	ok, err := s.Create(ctx, rec)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = s.Create(ctx, rec)
	require.NoError(t, err)
	assert.False(t, ok, "second create of the same key")

	got, found, err := s.Get(ctx, rec.Key)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, wallet.StatePending, got.State)
	assert.Equal(t, "12.50", got.Adjustment.Amount.String())
	assert.Equal(t, adj.OrderID, got.Adjustment.OrderID)
	assert.Equal(t, now, got.CreatedAt)

	got.State, got.Answer, got.Version = wallet.StateApplied, wallet.Answer{Code: "0", Msg: "success"}, 2
	ok, err = s.Update(ctx, got)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.Update(ctx, got) // same version again: stale writer loses
	require.NoError(t, err)
	assert.False(t, ok)

	tomb := wallet.Record{Key: "gone", State: wallet.StateCancelledUnseen, UserName: "u1", Currency: "USD",
		CancelKey: "c1", CancelAnswer: wallet.Answer{Code: wallet.CodeCancelNotReceived}, Version: 1, CreatedAt: now, UpdatedAt: now}
	ok, err = s.Create(ctx, tomb)
	require.NoError(t, err)
	require.True(t, ok)
	got, found, err = s.Get(ctx, "gone")
	require.NoError(t, err)
	require.True(t, found)
	assert.Nil(t, got.Adjustment)
	assert.Equal(t, wallet.CodeCancelNotReceived, got.CancelAnswer.Code)

	_, found, err = s.Get(ctx, "missing")
	require.NoError(t, err)
	assert.False(t, found)

	// Keys compare byte for byte: case and trailing spaces make other keys.
	for _, k := range []string{"Case-Key", "case-key", "Case-Key ", "Case-Kéy"} {
		r := tomb
		r.Key = k
		ok, err = s.Create(ctx, r)
		require.NoError(t, err)
		assert.True(t, ok, "key %q is a key of its own", k)
		got, found, err = s.Get(ctx, k)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, k, got.Key)
	}

	n, err := s.Prune(ctx, now.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, int64(6), n)

	_, err = sqlstore.New(nil)
	require.Error(t, err)
	_, err = sqlstore.New(&sql.DB{}, sqlstore.WithTable("x; DROP TABLE y"))
	require.Error(t, err)
}

func TestConcurrentCreateOneWins(t *testing.T) {
	t.Parallel()
	forEach(t, testConcurrentCreateOneWins)
}

func testConcurrentCreateOneWins(t *testing.T, newDB func() *sql.DB) {
	ctx := context.Background()
	_, s := open(t, newDB)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.Create(ctx, wallet.Record{Key: "k", State: wallet.StatePending, Version: 1})
			assert.NoError(t, err)
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, wins)
}

// TestRestartLosesNothingReplaysNothing runs a handler on SQLite, closes the
// database (a restart) and reopens it under a new handler.
func TestRestartLosesNothingReplaysNothing(t *testing.T) {
	t.Parallel()
	forEach(t, testRestartLosesNothingReplaysNothing)
}

func testRestartLosesNothingReplaysNothing(t *testing.T, newDB func() *sql.DB) {
	ctx := context.Background()
	ledger := wallettest.NewLedger() // stands for the wallet's own durable ledger
	ledger.Seed("u1", "USD", wallet.MustParseAmount("100.00"))

	run := func(f func(p *wallettest.Platform)) {
		db, s := open(t, newDB)
		h, err := wallet.NewHandler(wallet.Config{CompanyID: "1", Wallet: ledger, Store: s})
		require.NoError(t, err)
		srv := httptestServer(h)
		f(&wallettest.Platform{BaseURL: srv.URL, CompanyID: "1", RetryDelay: 10 * time.Millisecond})
		srv.Close()
		require.NoError(t, h.Shutdown(ctx))
		require.NoError(t, db.Close())
	}
	applied := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	reversed := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "20")
	unseen := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "30")
	refused := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1000")
	run(func(p *wallettest.Platform) {
		require.True(t, p.Adjust(ctx, applied).OK())
		require.True(t, p.Adjust(ctx, reversed).OK())
		require.Equal(t, wallet.CodeOK, p.Cancel(ctx, wallettest.CancelFor(reversed)).Code())
		require.Equal(t, wallet.CodeCancelNotReceived, p.Cancel(ctx, wallettest.CancelFor(unseen)).Code())
		require.Equal(t, wallet.CodeInsufficientFunds, p.Adjust(ctx, refused).Code())
	})
	require.Equal(t, "90.00", ledger.BalanceOf("u1", "USD").String())
	effects := ledger.Effects()
	ledger.Seed("u1", "USD", wallet.MustParseAmount("5090.00")) // now the refused one would fit

	run(func(p *wallettest.Platform) {
		assert.True(t, p.Adjust(ctx, applied).OK(), "first answer replayed")
		assert.Equal(t, wallet.CodeCancelled, p.Adjust(ctx, reversed).Code())
		assert.Equal(t, wallet.CodeOK, p.Cancel(ctx, wallettest.CancelFor(reversed)).Code())
		assert.Equal(t, wallet.CodeCancelled, p.Adjust(ctx, unseen).Code(), "tombstone survived")
		assert.Equal(t, wallet.CodeInsufficientFunds, p.Adjust(ctx, refused).Code(), "refusal replayed")
		assert.Equal(t, wallet.CodeCancelNotProcessed, p.Cancel(ctx, wallettest.CancelFor(refused)).Code())
	})
	assert.Equal(t, "5090.00", ledger.BalanceOf("u1", "USD").String())
	assert.Equal(t, effects, ledger.Effects(), "nothing replayed")
}

// TestLeaseKeptAndOldTableMigrated: Owner and LeaseUntil round-trip, and
// Migrate adds the lease column to a table created before it existed.
func TestLeaseKeptAndOldTableMigrated(t *testing.T) {
	t.Parallel()
	forEach(t, testLeaseKeptAndOldTableMigrated)
}

func testLeaseKeptAndOldTableMigrated(t *testing.T, newDB func() *sql.DB) {
	ctx := context.Background()
	db := newDB()
	// The table as the first release created it, with one record in it.
	_, err := db.ExecContext(ctx, `CREATE TABLE mm_wallet_records (
	request_key VARCHAR(64) PRIMARY KEY, state VARCHAR(32) NOT NULL, user_name VARCHAR(64) NOT NULL,
	currency VARCHAR(32) NOT NULL, adjustment TEXT, answer_code VARCHAR(64) NOT NULL, answer_msg VARCHAR(256) NOT NULL,
	cancel_key VARCHAR(64) NOT NULL, cancel_code VARCHAR(64) NOT NULL, cancel_msg VARCHAR(256) NOT NULL,
	owner VARCHAR(64) NOT NULL, version BIGINT NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO mm_wallet_records VALUES ('old', 'applied', 'u1', 'USD', NULL, '0', 'success', '', '', '', 'x', 2, 1, 1)`)
	require.NoError(t, err)

	s, err := sqlstore.New(db)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, s.Migrate(ctx), "Migrate is idempotent")
	old, found, err := s.Get(ctx, "old")
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, old.LeaseUntil.IsZero())

	now := time.UnixMilli(time.Now().UnixMilli())
	lease := now.Add(10 * time.Second)
	rec := wallet.Record{Key: "k", State: wallet.StatePending, UserName: "u1", Currency: "USD",
		Owner: "instance-a", LeaseUntil: lease, Version: 1, CreatedAt: now, UpdatedAt: now}
	ok, err := s.Create(ctx, rec)
	require.NoError(t, err)
	require.True(t, ok)
	got, _, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "instance-a", got.Owner)
	assert.True(t, lease.Equal(got.LeaseUntil), "lease %v, got %v", lease, got.LeaseUntil)

	got.LeaseUntil, got.Version = time.Time{}, 2
	ok, err = s.Update(ctx, got)
	require.NoError(t, err)
	require.True(t, ok)
	got, _, err = s.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, got.LeaseUntil.IsZero(), "released lease reads back as zero, got %v", got.LeaseUntil)

	// A fresh table gets the column from CREATE TABLE.
	fresh, err := sqlstore.New(db, sqlstore.WithTable("fresh"))
	require.NoError(t, err)
	require.NoError(t, fresh.Migrate(ctx))
	rec.Key = "f"
	ok, err = fresh.Create(ctx, rec)
	require.NoError(t, err)
	require.True(t, ok)
	got, _, err = fresh.Get(ctx, "f")
	require.NoError(t, err)
	assert.True(t, lease.Equal(got.LeaseUntil))
}
