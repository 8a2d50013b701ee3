// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the server that MM_TEST_POSTGRES_URL names, dropped when the test
// ends. Without that variable the test is skipped, with a message naming it.
// .ci/postgres.sh starts such a server and sets the variable.
//
// It uses pgx v5 through database/sql (its stdlib driver), the maintained
// standard PostgreSQL driver for Go. Only tests and examples import this
// package, so the SDK's own packages do not depend on pgx.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// EnvVar is the environment variable that holds the URL of the PostgreSQL
// server for tests, e.g. postgres://postgres@127.0.0.1:5433/mm_test?sslmode=disable.
const EnvVar = "MM_TEST_POSTGRES_URL"

// URL returns the server's URL from EnvVar, or skips the test if it is unset.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		t.Skip("PostgreSQL test skipped: set " + EnvVar + " (for example by sourcing .ci/postgres.sh) to run it")
	}
	return u
}

// Schema creates a schema of its own for the test, dropped at the end, and
// returns a URL whose connections use it (search_path), so tables of
// concurrent tests and runs never collide. It skips the test if EnvVar is unset.
func Schema(t testing.TB) string {
	t.Helper()
	base := URL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "mmtest_" + hex.EncodeToString(b[:])

	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("pgtest: open %s: %v", EnvVar, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		_ = admin.Close()
		t.Fatalf("pgtest: create schema on the server of %s: %v", EnvVar, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Logf("pgtest: drop schema %s: %v", schema, err)
		}
		_ = admin.Close()
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL", EnvVar) // the URL may hold a password: not printed
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a *sql.DB (pgx driver) on a schema of the test's own (see
// Schema), closed at the end of the test.
func Open(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", Schema(t))
	if err != nil {
		t.Fatalf("pgtest: open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
