// Command wallet is a runnable external wallet for MultiMarkets, backed by
// SQLite or PostgreSQL: it serves the three wallet webhooks with exactly-once
// effect and keeps balances, a ledger and the idempotency records in one
// database, so it can be killed at any moment and restarted without losing or
// replaying anything.
//
//	MM_COMPANY_ID=439 go run ./examples/wallet -db wallet.db -addr :8080 -seed 'u1:USD=100.00,u2:USD=5'
//
// With PostgreSQL (through pgx v5), several instances may serve one
// database, for example behind a load balancer:
//
//	MM_COMPANY_ID=439 go run ./examples/wallet -db 'postgres://wallet@db.internal/wallet' -addr :8080
//	MM_COMPANY_ID=439 go run ./examples/wallet -db 'postgres://wallet@db.internal/wallet' -addr :8081
//
// Seeds only create accounts that do not exist yet; restarting with the same
// -seed does not reset balances.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the "sqlite" driver, for -db file

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
)

func main() {
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), `Usage: MM_COMPANY_ID=<your company ID> go run ./examples/wallet [flags]

Serves the three external-wallet webhooks (balance, adjustment, cancel) at
/get-user-amount, /external-system-credit-limit-adjustment and
/cancel-external-system-credit-limit-adjustment, backed by a SQLite file or
a PostgreSQL database (-db), which several instances may share.
Subscribe those URLs (examples/tour -webhook-base) so MultiMarkets calls it.

Flags:
`)
		flag.PrintDefaults()
	}
	if err := run(); err != nil {
		var uerr usageError
		if errors.As(err, &uerr) {
			fmt.Fprintln(os.Stderr, err, "(-h for usage)")
			os.Exit(2) // as the flag package exits for a bad flag
		}
		fmt.Fprintln(os.Stderr, "wallet:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the flags or the environment, found before
// anything starts: main exits with status 2.
type usageError struct{ error }

func run() error {
	dbPath := flag.String("db", "wallet.db", "database: a SQLite file, or a postgres:// URL (PostgreSQL; several instances may share it)")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	seed := flag.String("seed", "", "accounts to create if missing: user:CUR=amount,…")
	seedFile := flag.String("seed-file", "", "file of accounts to create if missing, one 'user CUR amount' per line")
	allow := flag.String("allow", "", "optional source-IP allow-list: comma-separated CIDRs")
	flag.Parse() // -h prints the usage and exits 0; a bad flag exits 2

	// Check every flag before anything starts.
	if flag.NArg() > 0 {
		return usageError{errors.New("unexpected argument: wallet takes only flags")}
	}
	if *dbPath == "" {
		return usageError{errors.New("invalid value for flag -db: the database file is required")}
	}
	if err := checkListenAddr(*addr); err != nil {
		return usageError{fmt.Errorf("invalid value for flag -addr: %w", err)}
	}
	var nets []netip.Prefix
	for _, c := range strings.Split(*allow, ",") {
		if c = strings.TrimSpace(c); c != "" {
			p, err := netip.ParsePrefix(c)
			if err != nil {
				return usageError{fmt.Errorf("invalid value for flag -allow: %w", err)}
			}
			nets = append(nets, p)
		}
	}
	seeds, err := parseSeeds(*seed, *seedFile)
	if err != nil {
		return usageError{err}
	}
	company := os.Getenv("MM_COMPANY_ID")
	if company == "" {
		return usageError{errors.New("set MM_COMPANY_ID to your MultiMarkets company ID")}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	db, dialect, dbName, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	ctx := context.Background()
	w := &SQLWallet{DB: db, Dialect: dialect}
	if err := w.Migrate(ctx); err != nil {
		return err
	}
	store, err := sqlstore.New(db, sqlstore.WithDialect(dialect))
	if err != nil {
		return err
	}
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	for _, s := range seeds {
		if err := w.Seed(ctx, s.user, s.currency, s.amount); err != nil {
			return err
		}
	}
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: w, Store: store, Logger: log, AllowedNetworks: nets})
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 5 * time.Second}

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("wallet listening", slog.String("addr", *addr), slog.String("db", dbName))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case err := <-errc:
		return err
	case <-sig:
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return h.Shutdown(sctx)
}

// checkListenAddr checks a listen address: [host]:port with a port number
// from 0 to 65535.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("host:port or :port, e.g. 127.0.0.1:8080")
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return errors.New("the port must be a number from 0 to 65535")
	}
	return nil
}

// openDB opens -db: a postgres:// or postgresql:// URL through pgx, anything
// else as a SQLite file. name describes the database for logs without the
// URL's user, password or parameters.
func openDB(spec string) (db *sql.DB, d sqlstore.Dialect, name string, err error) {
	if strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://") {
		cfg, err := pgx.ParseConfig(spec)
		if err != nil {
			return nil, "", "", fmt.Errorf("-db: not a PostgreSQL URL pgx accepts: %w", parseProblem(err))
		}
		name = "postgres"
		if u, perr := url.Parse(spec); perr == nil {
			name = "postgres://" + u.Host + u.Path
		}
		return stdlib.OpenDB(*cfg), sqlstore.PostgreSQL, name, nil
	}
	db, err = sql.Open("sqlite", "file:"+spec+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return nil, "", "", err
	}
	db.SetMaxOpenConns(1) // SQLite: one writer; every call is one short transaction
	return db, sqlstore.SQLite, spec, nil
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

type seedLine struct {
	user, currency string
	amount         wallet.Amount
}

func parseSeeds(flagText, file string) ([]seedLine, error) {
	var out []seedLine
	add := func(user, cur, amt string) error {
		a, err := wallet.ParseAmount(amt)
		if err != nil || user == "" || cur == "" {
			return fmt.Errorf("bad entry for %q: want a user, a currency and an amount like 100.00", cur)
		}
		out = append(out, seedLine{user, cur, a})
		return nil
	}
	for _, e := range strings.Split(flagText, ",") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		uc, amt, ok1 := strings.Cut(e, "=")
		u, c, ok2 := strings.Cut(uc, ":")
		if !ok1 || !ok2 {
			return nil, errors.New("invalid value for flag -seed: entries are user:CUR=amount")
		}
		if err := add(u, c, amt); err != nil {
			return nil, fmt.Errorf("invalid value for flag -seed: %w", err)
		}
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("invalid value for flag -seed-file: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			fs := strings.Fields(sc.Text())
			if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
				continue
			}
			if len(fs) != 3 {
				return nil, fmt.Errorf("invalid value for flag -seed-file: line %d: lines are 'user CUR amount'", n)
			}
			if err := add(fs[0], fs[1], fs[2]); err != nil {
				return nil, fmt.Errorf("invalid value for flag -seed-file: line %d: %w", n, err)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("invalid value for flag -seed-file: %w", err)
		}
	}
	return out, nil
}
