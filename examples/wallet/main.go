// Command wallet is a runnable external wallet for MultiMarkets, backed by
// SQLite: it serves the three wallet webhooks with exactly-once effect and
// keeps balances, a ledger and the idempotency records in one database file,
// so it can be killed at any moment and restarted without losing or
// replaying anything.
//
//	MM_COMPANY_ID=439 go run ./examples/wallet -db wallet.db -addr :8080 -seed 'u1:USD=100.00,u2:USD=5'
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
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "wallet:", err)
		os.Exit(1)
	}
}

func run() error {
	dbPath := flag.String("db", "wallet.db", "SQLite database file")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	seed := flag.String("seed", "", "accounts to create if missing: user:CUR=amount,…")
	seedFile := flag.String("seed-file", "", "file of accounts to create if missing, one 'user CUR amount' per line")
	allow := flag.String("allow", "", "optional source-IP allow-list: comma-separated CIDRs")
	flag.Parse()

	company := os.Getenv("MM_COMPANY_ID")
	if company == "" {
		return errors.New("set MM_COMPANY_ID to your MultiMarkets company ID")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	db, err := sql.Open("sqlite", "file:"+*dbPath+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // SQLite: one writer; every call is one short transaction

	ctx := context.Background()
	w := &SQLWallet{DB: db}
	if err := w.Migrate(ctx); err != nil {
		return err
	}
	store, err := sqlstore.New(db)
	if err != nil {
		return err
	}
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	seeds, err := parseSeeds(*seed, *seedFile)
	if err != nil {
		return err
	}
	for _, s := range seeds {
		if err := w.Seed(ctx, s.user, s.currency, s.amount); err != nil {
			return err
		}
	}
	var nets []netip.Prefix
	for _, c := range strings.Split(*allow, ",") {
		if c = strings.TrimSpace(c); c != "" {
			p, err := netip.ParsePrefix(c)
			if err != nil {
				return fmt.Errorf("-allow: %w", err)
			}
			nets = append(nets, p)
		}
	}
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: w, Store: store, Logger: log, AllowedNetworks: nets})
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 5 * time.Second}

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("wallet listening", slog.String("addr", *addr), slog.String("db", *dbPath))

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

type seedLine struct {
	user, currency string
	amount         wallet.Amount
}

func parseSeeds(flagText, file string) ([]seedLine, error) {
	var out []seedLine
	add := func(user, cur, amt string) error {
		a, err := wallet.ParseAmount(amt)
		if err != nil || user == "" || cur == "" {
			return fmt.Errorf("bad seed entry for %q", cur)
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
			return nil, errors.New("-seed entries are user:CUR=amount")
		}
		if err := add(u, c, amt); err != nil {
			return nil, err
		}
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
				continue
			}
			if len(fs) != 3 {
				return nil, errors.New("-seed-file lines are 'user CUR amount'")
			}
			if err := add(fs[0], fs[1], fs[2]); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
