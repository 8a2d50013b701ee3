// Package pushsql is a push.State in a database/sql database (SQLite or
// PostgreSQL), shared by the processes that consume one data-push group:
// the IDs of the events they handled, so that a restart or a takeover does
// not hand the server's replay to the handler again, and the group's lease,
// so that exactly one of them is connected.
//
//	db, _ := sql.Open("pgx", os.Getenv("DATABASE_URL")) // or "sqlite"
//	st, _ := pushsql.New(db)
//	if err := st.Migrate(ctx); err != nil { … }     // on every start; idempotent
//	sub, _ := push.New(push.Options{…, Group: "billing", State: st}, handle)
//
// New finds the dialect from the driver (pgx, lib/pq, modernc.org/sqlite,
// mattn/go-sqlite3) or takes it from WithDialect; Migrate fails if the
// database does not accept it. MySQL is not supported.
//
// Tables (names start with the prefix, default "mm_push_"):
// mm_push_seen (grp, event_id, handled_ms) holds handled event IDs for the
// retention (default 169 hours: the server's 168-hour replay, plus an hour);
// mm_push_lease (grp, holder, expires_ms) holds each group's lease. Times are
// Unix milliseconds of the Subscribers' clocks.
package pushsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/sqldialect"
	"github.com/multimarkets-sdk/multimarkets-go/push"
)

// Dialect is the SQL dialect of the database behind a State.
type Dialect = sqldialect.Dialect

// The dialects a State speaks.
const (
	// SQLite: ? placeholders (modernc.org/sqlite, mattn/go-sqlite3).
	SQLite = sqldialect.SQLite
	// PostgreSQL: $1, $2… placeholders (pgx v5 stdlib, lib/pq).
	PostgreSQL = sqldialect.PostgreSQL
)

// DefaultRetention is how long handled event IDs are kept by default: the
// server's replay horizon (168 hours) plus an hour.
const DefaultRetention = 169 * time.Hour

// State is a push.State in two tables of a database/sql database.
type State struct {
	db        *sql.DB
	dialect   Dialect
	prefix    string
	retention time.Duration
	now       func() time.Time

	mu        sync.Mutex
	marks     int       // marks since the last prune
	lastPrune time.Time // when handled IDs were last pruned
}

// Option configures a State.
type Option func(*State)

// WithDialect names the database's SQL dialect (SQLite or PostgreSQL)
// instead of letting New find it from the driver.
func WithDialect(d Dialect) Option { return func(s *State) { s.dialect = d } }

// WithTablePrefix sets the tables' name prefix (default "mm_push_"): letters,
// digits and _ only.
func WithTablePrefix(p string) Option { return func(s *State) { s.prefix = p } }

// WithRetention sets how long handled event IDs are remembered (default
// DefaultRetention). A replay of an event older than that is handed to the
// handler again.
func WithRetention(d time.Duration) Option { return func(s *State) { s.retention = d } }

var prefixRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,40}$`)

// New returns a State on db. Call Migrate before use.
func New(db *sql.DB, opts ...Option) (*State, error) {
	s := &State{db: db, prefix: "mm_push_", retention: DefaultRetention, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if db == nil {
		return nil, errors.New("pushsql: nil *sql.DB")
	}
	if !prefixRE.MatchString(s.prefix) {
		return nil, errors.New("pushsql: invalid table prefix")
	}
	if s.retention <= 0 {
		return nil, errors.New("pushsql: retention must be positive")
	}
	d, err := sqldialect.Resolve(db, s.dialect, "pushsql")
	if err != nil {
		return nil, err
	}
	if d != SQLite && d != PostgreSQL {
		return nil, fmt.Errorf("pushsql: dialect %s is not supported (SQLite and PostgreSQL are)", d)
	}
	s.dialect = d
	return s, nil
}

func (s *State) seen() string  { return s.prefix + "seen" }
func (s *State) lease() string { return s.prefix + "lease" }
func (s *State) ph(n int) string {
	return s.dialect.Ph(n)
}

// Migrate creates the tables if they do not exist. It is safe to call on
// every start, also from several processes at once.
func (s *State) Migrate(ctx context.Context) error {
	err := sqldialect.Migrate(ctx, s.db, s.dialect, s.prefix, func(ctx context.Context, q sqldialect.Querier) error {
		for _, ddl := range []string{
			`CREATE TABLE IF NOT EXISTS ` + s.seen() + ` (
	grp        TEXT NOT NULL,
	event_id   CHAR(32) NOT NULL,
	handled_ms BIGINT NOT NULL,
	PRIMARY KEY (grp, event_id)
)`,
			`CREATE INDEX IF NOT EXISTS ` + s.seen() + `_handled ON ` + s.seen() + ` (handled_ms)`,
			`CREATE TABLE IF NOT EXISTS ` + s.lease() + ` (
	grp        TEXT PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_ms BIGINT NOT NULL
)`,
		} {
			if _, err := q.ExecContext(ctx, ddl); err != nil {
				return err
			}
		}
		// A query in the chosen dialect: a wrong WithDialect fails here.
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+s.lease()+` WHERE grp = `+s.ph(1), "").Scan(&n); err != nil {
			return fmt.Errorf("the database does not accept the %s dialect (see WithDialect): %w", s.dialect, err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pushsql: migrate: %w", err)
	}
	return nil
}

// Seen reports whether id was marked handled for group within the retention.
func (s *State) Seen(ctx context.Context, group string, id push.EventID) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM `+s.seen()+` WHERE grp = `+s.ph(1)+` AND event_id = `+s.ph(2), group, id.String()).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pushsql: seen: %w", err)
	}
	return true, nil
}

// pruneEvery is how many marks, or how much time, pass between deletions of
// handled IDs older than the retention.
const (
	pruneEvery     = 1000
	pruneEveryTime = 10 * time.Minute
)

// MarkHandled records id for group; now and then it deletes the IDs older
// than the retention (of every group).
func (s *State) MarkHandled(ctx context.Context, group string, id push.EventID) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, `INSERT INTO `+s.seen()+` (grp, event_id, handled_ms) VALUES (`+s.dialect.Phs(1, 3)+`) ON CONFLICT DO NOTHING`,
		group, id.String(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("pushsql: mark handled: %w", err)
	}
	s.mu.Lock()
	s.marks++
	prune := s.marks >= pruneEvery || now.Sub(s.lastPrune) >= pruneEveryTime
	if prune {
		s.marks, s.lastPrune = 0, now
	}
	s.mu.Unlock()
	if prune {
		if _, err := s.Prune(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Prune deletes the handled IDs older than the retention and reports how
// many. MarkHandled calls it now and then.
func (s *State) Prune(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM `+s.seen()+` WHERE handled_ms < `+s.ph(1), s.now().Add(-s.retention).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("pushsql: prune: %w", err)
	}
	return res.RowsAffected()
}

// AcquireLease gives holder the lease of group until now+ttl if it is free,
// ended, or already holder's (see push.State). An UPDATE guarded by the
// holder and the end takes an existing lease; an INSERT, which the primary
// key lets only one process win, creates a missing one.
func (s *State) AcquireLease(ctx context.Context, group, holder string, now time.Time, ttl time.Duration) (bool, error) {
	until := now.Add(ttl).UnixMilli()
	res, err := s.db.ExecContext(ctx, `UPDATE `+s.lease()+` SET holder = `+s.ph(1)+`, expires_ms = `+s.ph(2)+
		` WHERE grp = `+s.ph(3)+` AND (holder = `+s.ph(4)+` OR expires_ms <= `+s.ph(5)+`)`,
		holder, until, group, holder, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("pushsql: acquire lease: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, fmt.Errorf("pushsql: acquire lease: %w", err)
	} else if n == 1 {
		return true, nil
	}
	res, err = s.db.ExecContext(ctx, `INSERT INTO `+s.lease()+` (grp, holder, expires_ms) VALUES (`+s.dialect.Phs(1, 3)+`) ON CONFLICT DO NOTHING`,
		group, holder, until)
	if err != nil {
		return false, fmt.Errorf("pushsql: acquire lease: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("pushsql: acquire lease: %w", err)
	}
	return n == 1, nil // 0: another holder's lease exists
}

// ReleaseLease ends holder's lease of group.
func (s *State) ReleaseLease(ctx context.Context, group, holder string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM `+s.lease()+` WHERE grp = `+s.ph(1)+` AND holder = `+s.ph(2), group, holder)
	if err != nil {
		return fmt.Errorf("pushsql: release lease: %w", err)
	}
	return nil
}

var _ push.State = (*State)(nil)
