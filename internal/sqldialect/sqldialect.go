// Package sqldialect is what the SDK's SQL stores (wallet/sqlstore,
// push/pushsql) share about SQL dialects: the names, finding the dialect from
// a database/sql driver, placeholders, and running a migration so that
// several processes starting at once do not trip over each other.
package sqldialect

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"reflect"
	"strings"
)

// Dialect is the SQL dialect of a database.
type Dialect string

// The dialects the stores speak.
const (
	SQLite     Dialect = "sqlite"
	PostgreSQL Dialect = "postgres"
	MySQL      Dialect = "mysql"
)

// driverDialects maps the package path of a database/sql driver to its dialect.
var driverDialects = []struct {
	pkg string
	d   Dialect
}{
	{"github.com/jackc/pgx", PostgreSQL},
	{"github.com/lib/pq", PostgreSQL},
	{"modernc.org/sqlite", SQLite},
	{"github.com/mattn/go-sqlite3", SQLite},
	{"github.com/go-sql-driver/mysql", MySQL},
}

// Detect is the dialect of the driver behind db, found from the driver's Go
// package; ok is false for a driver it does not know.
func Detect(db *sql.DB) (d Dialect, ok bool) {
	t := reflect.TypeOf(db.Driver())
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "", false
	}
	for _, e := range driverDialects {
		if t.PkgPath() == e.pkg || strings.HasPrefix(t.PkgPath(), e.pkg+"/") {
			return e.d, true
		}
	}
	return "", false
}

// Resolve returns d if it is a known dialect, or the dialect detected from
// db's driver if d is empty; prefix starts its error messages.
func Resolve(db *sql.DB, d Dialect, prefix string) (Dialect, error) {
	switch d {
	case SQLite, PostgreSQL, MySQL:
		return d, nil
	case "":
		if got, ok := Detect(db); ok {
			return got, nil
		}
		return "", fmt.Errorf("%s: cannot tell the SQL dialect of driver %T: pass WithDialect", prefix, db.Driver())
	}
	return "", fmt.Errorf("%s: unknown dialect %q", prefix, string(d))
}

// Ph is the placeholder of the n-th argument (from 1).
func (d Dialect) Ph(n int) string {
	if d == PostgreSQL {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// Phs is n placeholders from the from-th, comma-separated.
func (d Dialect) Phs(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Ph(from + i))
	}
	return b.String()
}

// Querier is what a migration runs statements on: a *sql.DB or a *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Migrate runs f. On PostgreSQL it runs f in a transaction holding an
// advisory lock named after lockName, so that processes migrating at the same
// time run one after the other (concurrent CREATE TABLE IF NOT EXISTS can
// otherwise fail there); statements in f must then not fail, as a failed
// statement aborts the transaction. Elsewhere f runs on db directly.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, lockName string, f func(ctx context.Context, q Querier) error) error {
	if d != PostgreSQL {
		return f(ctx, db)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	h := fnv.New64a()
	_, _ = h.Write([]byte("multimarkets-go:" + lockName))
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64())); err != nil {
		return fmt.Errorf("the database does not accept the %s dialect (see WithDialect): %w", d, err)
	}
	if err := f(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
