package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the "sqlite" driver, for -state file

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushsql"
)

// stateFlag is -state: where the handled events and the group's lease are
// kept. Run several copies with the same MM_GROUP and the same -state
// database (PostgreSQL, on several machines) and exactly one is connected;
// another takes over within 20 s when it dies.
var stateFlag = flag.String("state", "",
	"where to remember handled events and the group's lease: a SQLite file, or a postgres:// URL "+
		"shared by several copies of this program (one is connected, another takes over when it dies); "+
		"default: this process's memory only")

// openState opens -state: "" is no State (memory only), a postgres:// or
// postgresql:// URL is PostgreSQL through pgx, anything else a SQLite file.
func openState(ctx context.Context, spec string) (push.State, func(), error) {
	if spec == "" {
		return nil, func() {}, nil
	}
	var db *sql.DB
	if strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://") {
		cfg, err := pgx.ParseConfig(spec)
		if err != nil {
			return nil, nil, fmt.Errorf("-state: not a PostgreSQL URL pgx accepts: %w", parseProblem(err))
		}
		db = stdlib.OpenDB(*cfg)
	} else {
		var err error
		db, err = sql.Open("sqlite", "file:"+spec+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
		if err != nil {
			return nil, nil, err
		}
	}
	st, err := pushsql.New(db)
	if err == nil {
		err = st.Migrate(ctx)
	}
	if err != nil {
		_ = db.Close()
		return nil, nil, fmt.Errorf("-state: %w", err)
	}
	return st, func() { _ = db.Close() }, nil
}

// parseProblem is what pgx found wrong with a URL, without the URL (which
// may hold a password, also as a parameter, that pgx's message would show).
func parseProblem(err error) error {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) || pe.Unwrap() == nil {
		return errors.New("unreadable")
	}
	inner := pe.Unwrap()
	var ue *url.Error // quotes the whole URL
	if errors.As(inner, &ue) {
		return ue.Err
	}
	return inner
}
