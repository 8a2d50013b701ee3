// Package sqlstore is a wallet.Store in a database/sql database, so that
// idempotency records survive restarts: after a crash nothing is lost and
// nothing is replayed. It speaks three SQL dialects (Dialect): SQLite and
// PostgreSQL are tested (modernc.org/sqlite and pgx v5's stdlib driver); the
// MySQL dialect is written to the MySQL documentation but not tested here.
// The driver is the caller's choice and is not imported here.
//
// New finds the dialect from the driver behind the *sql.DB (pgx, lib/pq,
// modernc.org/sqlite, mattn/go-sqlite3, go-sql-driver/mysql) and refuses a
// driver it does not know unless WithDialect names the dialect; Migrate then
// runs a query of the chosen dialect against the table, so a wrong choice
// fails there and never on the first webhook.
//
// Several wallet.Handler instances (processes) may share one Store: each
// record carries its owner's lease. Schema change: the table has a column
// lease_ms (BIGINT NOT NULL DEFAULT 0) for Record.LeaseUntil; Migrate creates
// it on a fresh database and adds it to a table created without it, so call
// Migrate on every start (it is idempotent).
//
// Keys must compare byte for byte: a case-insensitive or trailing-space-
// insensitive collation would merge two requestUniqueNo values into one
// record. SQLite and PostgreSQL compare text that way by default (if you give
// the database a non-deterministic default collation, do not). On MySQL,
// whose default collations ignore case and, before utf8mb4_0900_*, trailing
// spaces, the MySQL dialect creates request_key as VARBINARY; a table an
// earlier version created on MySQL with a VARCHAR key needs
//
//	ALTER TABLE mm_wallet_records MODIFY request_key VARBINARY(255) NOT NULL;
//
// which Migrate does not run for you (it refuses such a table instead).
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/sqldialect"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// Dialect is the SQL dialect of the database behind a Store: it decides the
// placeholders of the queries and the column type of the key.
type Dialect = sqldialect.Dialect

// The dialects a Store speaks.
const (
	// SQLite: ? placeholders (modernc.org/sqlite, mattn/go-sqlite3).
	SQLite = sqldialect.SQLite
	// PostgreSQL: $1, $2… placeholders (pgx v5 stdlib, lib/pq).
	PostgreSQL = sqldialect.PostgreSQL
	// MySQL: ? placeholders, a VARBINARY key so that keys compare byte for byte
	// (go-sql-driver/mysql). Not tested by this project.
	MySQL = sqldialect.MySQL
)

// Store is a wallet.Store backed by one table in a database/sql database.
type Store struct {
	db      *sql.DB
	table   string
	dialect Dialect
}

// Option configures a Store.
type Option func(*Store)

// WithTable sets the table name (default "mm_wallet_records"); letters, digits and _ only.
func WithTable(name string) Option { return func(s *Store) { s.table = name } }

// WithDialect names the database's SQL dialect instead of letting New find it
// from the driver. Needed for a driver New does not know (for example one
// wrapped for tracing); Migrate fails if the database does not accept it.
func WithDialect(d Dialect) Option { return func(s *Store) { s.dialect = d } }

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// New returns a Store on db. The dialect is WithDialect's, or found from the
// driver (pgx, lib/pq, modernc.org/sqlite, mattn/go-sqlite3,
// go-sql-driver/mysql); New fails if neither names one. Call Migrate
// before use: it also checks that the database accepts the dialect.
func New(db *sql.DB, opts ...Option) (*Store, error) {
	s := &Store{db: db, table: "mm_wallet_records"}
	for _, o := range opts {
		o(s)
	}
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if !tableName.MatchString(s.table) {
		return nil, errors.New("sqlstore: invalid table name")
	}
	d, err := sqldialect.Resolve(db, s.dialect, "sqlstore")
	if err != nil {
		return nil, err
	}
	s.dialect = d
	return s, nil
}

// Dialect is the SQL dialect the Store speaks.
func (s *Store) Dialect() Dialect { return s.dialect }

// ph is the placeholder of the n-th argument (from 1).
func (s *Store) ph(n int) string { return s.dialect.Ph(n) }

// Migrate creates the table if it does not exist, and adds the columns that
// later versions introduced to a table an earlier version created (lease_ms:
// the lease of Record.LeaseUntil, in Unix milliseconds, 0 for none). It is
// safe to call on every start.
func (s *Store) Migrate(ctx context.Context) error {
	err := sqldialect.Migrate(ctx, s.db, s.dialect, s.table, s.migrate)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context, q sqldialect.Querier) error {
	// Column sizes hold what the handler writes: keys, user names and
	// currencies within the webhook fields' limits, answer codes and messages
	// within wallet.MaxAnswerCodeLen and wallet.MaxAnswerMsgLen.
	key := "VARCHAR(64)"
	if s.dialect == MySQL {
		key = "VARBINARY(255)" // byte-wise comparison; 48 characters of UTF-8 fit
	}
	_, err := q.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+s.table+` (
	request_key    `+key+` PRIMARY KEY,
	state          VARCHAR(32) NOT NULL,
	user_name      VARCHAR(64) NOT NULL,
	currency       VARCHAR(32) NOT NULL,
	adjustment     TEXT,
	answer_code    VARCHAR(64) NOT NULL,
	answer_msg     VARCHAR(256) NOT NULL,
	cancel_key     VARCHAR(64) NOT NULL,
	cancel_code    VARCHAR(64) NOT NULL,
	cancel_msg     VARCHAR(256) NOT NULL,
	owner          VARCHAR(64) NOT NULL,
	version        BIGINT NOT NULL,
	created_ms     BIGINT NOT NULL,
	updated_ms     BIGINT NOT NULL,
	lease_ms       BIGINT NOT NULL DEFAULT 0
)`)
	if err != nil {
		return err
	}
	// A query in the chosen dialect: a wrong WithDialect fails here, not on the first webhook.
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+s.table+` WHERE request_key = `+s.ph(1), "").Scan(&n); err != nil {
		return fmt.Errorf("the database does not accept the %s dialect (see WithDialect): %w", s.dialect, err)
	}
	if s.dialect == MySQL {
		if err := s.checkMySQLKey(ctx, q); err != nil {
			return err
		}
	}
	// Tables created before lease_ms existed: add it; ADD COLUMN ... DEFAULT
	// fills the existing rows with 0. PostgreSQL says IF NOT EXISTS (a failed
	// probe would abort Migrate's transaction there); elsewhere a SELECT
	// probes for the column.
	if s.dialect == PostgreSQL {
		if _, err := q.ExecContext(ctx, `ALTER TABLE `+s.table+` ADD COLUMN IF NOT EXISTS lease_ms BIGINT NOT NULL DEFAULT 0`); err != nil {
			return fmt.Errorf("add lease_ms: %w", err)
		}
		return nil
	}
	rows, perr := q.QueryContext(ctx, `SELECT lease_ms FROM `+s.table+` WHERE 1 = 0`)
	if perr == nil {
		perr = rows.Close()
		if perr == nil {
			return nil
		}
	}
	if _, err := q.ExecContext(ctx, `ALTER TABLE `+s.table+` ADD COLUMN lease_ms BIGINT NOT NULL DEFAULT 0`); err != nil {
		return fmt.Errorf("add lease_ms: %w", err)
	}
	return nil
}

// checkMySQLKey refuses a request_key column with a collation (a VARCHAR
// key, as an earlier version created): it would merge keys that differ only
// in case or trailing spaces.
func (s *Store) checkMySQLKey(ctx context.Context, q sqldialect.Querier) error {
	var coll sql.NullString
	err := q.QueryRowContext(ctx, `SELECT COLLATION_NAME FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'request_key'`, s.table).Scan(&coll)
	if err != nil {
		return fmt.Errorf("read the key column's collation: %w", err)
	}
	if coll.Valid {
		return fmt.Errorf("%s.request_key has collation %s, which can merge distinct keys; run ALTER TABLE %s MODIFY request_key VARBINARY(255) NOT NULL",
			s.table, coll.String, s.table)
	}
	return nil
}

// msOf is t in Unix milliseconds, 0 for the zero time.
func msOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// timeOf is the inverse of msOf.
func timeOf(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

const cols = `request_key, state, user_name, currency, adjustment, answer_code, answer_msg, cancel_key, cancel_code, cancel_msg, owner, version, created_ms, updated_ms, lease_ms`

func args(rec wallet.Record) ([]any, error) {
	var adj sql.NullString
	if rec.Adjustment != nil {
		b, err := json.Marshal(rec.Adjustment)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: encode adjustment: %w", err)
		}
		adj = sql.NullString{String: string(b), Valid: true}
	}
	return []any{rec.Key, string(rec.State), rec.UserName, rec.Currency, adj, rec.Answer.Code, rec.Answer.Msg,
		rec.CancelKey, rec.CancelAnswer.Code, rec.CancelAnswer.Msg, rec.Owner, rec.Version,
		rec.CreatedAt.UnixMilli(), rec.UpdatedAt.UnixMilli(), msOf(rec.LeaseUntil)}, nil
}

// Get returns the record for key.
func (s *Store) Get(ctx context.Context, key string) (wallet.Record, bool, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+cols+` FROM `+s.table+` WHERE request_key = `+s.ph(1), key)
	var (
		rec              wallet.Record
		state            string
		adj              sql.NullString
		created, updated int64
		lease            int64
	)
	err := row.Scan(&rec.Key, &state, &rec.UserName, &rec.Currency, &adj, &rec.Answer.Code, &rec.Answer.Msg,
		&rec.CancelKey, &rec.CancelAnswer.Code, &rec.CancelAnswer.Msg, &rec.Owner, &rec.Version, &created, &updated, &lease)
	if errors.Is(err, sql.ErrNoRows) {
		return wallet.Record{}, false, nil
	}
	if err != nil {
		return wallet.Record{}, false, fmt.Errorf("sqlstore: get: %w", err)
	}
	rec.State = wallet.State(state)
	rec.CreatedAt, rec.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	rec.LeaseUntil = timeOf(lease)
	if adj.Valid {
		var a wallet.Adjustment
		if err := json.Unmarshal([]byte(adj.String), &a); err != nil {
			return wallet.Record{}, false, fmt.Errorf("sqlstore: stored adjustment unreadable: %w", err)
		}
		rec.Adjustment = &a
	}
	return rec, true, nil
}

// Create inserts rec unless a record for rec.Key exists. It relies on the
// primary key: a concurrent insert of the same key loses and reports false.
func (s *Store) Create(ctx context.Context, rec wallet.Record) (bool, error) {
	a, err := args(rec)
	if err != nil {
		return false, err
	}
	if _, found, err := s.Get(ctx, rec.Key); err != nil || found {
		return false, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO `+s.table+` (`+cols+`) VALUES (`+s.dialect.Phs(1, 15)+`)`, a...)
	if err != nil {
		// A unique violation from a concurrent insert looks different in every
		// driver: check whether the key now exists.
		if _, found, gerr := s.Get(ctx, rec.Key); gerr == nil && found {
			return false, nil
		}
		return false, fmt.Errorf("sqlstore: create: %w", err)
	}
	return true, nil
}

// Update replaces the record if its stored version is rec.Version-1.
func (s *Store) Update(ctx context.Context, rec wallet.Record) (bool, error) {
	a, err := args(rec)
	if err != nil {
		return false, err
	}
	q := `UPDATE ` + s.table + ` SET state = ` + s.ph(1) + `, user_name = ` + s.ph(2) + `, currency = ` + s.ph(3) +
		`, adjustment = ` + s.ph(4) + `, answer_code = ` + s.ph(5) + `, answer_msg = ` + s.ph(6) +
		`, cancel_key = ` + s.ph(7) + `, cancel_code = ` + s.ph(8) + `, cancel_msg = ` + s.ph(9) +
		`, owner = ` + s.ph(10) + `, version = ` + s.ph(11) + `, updated_ms = ` + s.ph(12) + `, lease_ms = ` + s.ph(13) +
		` WHERE request_key = ` + s.ph(14) + ` AND version = ` + s.ph(15)
	res, err := s.db.ExecContext(ctx, q, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[13], a[14], a[0], rec.Version-1)
	if err != nil {
		return false, fmt.Errorf("sqlstore: update: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: update: %w", err)
	}
	return n == 1, nil
}

// Prune deletes final records (not pending or reversing) last written before
// t. Pruned keys are forgotten: keep records longer than MultiMarkets retries.
func (s *Store) Prune(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM `+s.table+` WHERE updated_ms < `+s.ph(1)+
		` AND state NOT IN (`+s.ph(2)+`, `+s.ph(3)+`)`, t.UnixMilli(), string(wallet.StatePending), string(wallet.StateReversing))
	if err != nil {
		return 0, fmt.Errorf("sqlstore: prune: %w", err)
	}
	return res.RowsAffected()
}

var _ wallet.Store = (*Store)(nil)
