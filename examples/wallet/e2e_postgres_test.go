package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// TestTwoInstancesOnPostgres runs two wallet processes on one PostgreSQL
// database, as behind a load balancer: every trade goes to one of them, many
// are sent to the other at the same moment as well, one process is killed
// with SIGKILL in the middle and restarted, and cancels go to whichever
// answers. Exactly once must hold: the balances are what the accepted
// adjustments imply, and the ledger agrees with them.
func TestTwoInstancesOnPostgres(t *testing.T) {
	dbURL := pgtest.Schema(t) // skips without MM_TEST_POSTGRES_URL
	bin := buildWallet(t)
	addrs := []string{freeAddr(t), freeAddr(t)}

	var mu sync.Mutex
	procs := []*exec.Cmd{start(t, bin, dbURL, addrs[0]), start(t, bin, dbURL, addrs[1])}
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range procs {
			_ = c.Process.Kill()
			_, _ = c.Process.Wait()
		}
	}()

	book := wallettest.NewBook()
	book.Seed("u1", "USD", wallet.MustParseAmount("100.00"))
	book.Seed("u2", "USD", wallet.MustParseAmount("50.000"))
	book.Seed("u3", "EUR", wallet.MustParseAmount("10"))
	ps := []*wallettest.Platform{
		{BaseURL: "http://" + addrs[0], CompanyID: company},
		{BaseURL: "http://" + addrs[1], CompanyID: company},
	}
	ctx := context.Background()

	// cancelAnywhere sends c to the instances in turn until the answer is final.
	cancelAnywhere := func(c wallet.Cancel) (wallettest.Result, int) {
		var res wallettest.Result
		for i := 1; i <= 1000; i++ { // 1000 × 50 ms: well past LeaseDuration (10 s) after a crash
			res = ps[i%2].Cancel(ctx, c)
			if wallettest.CancelSettled(res) {
				return res, i
			}
			time.Sleep(50 * time.Millisecond)
		}
		return res, 1000
	}

	users := []struct{ user, cur string }{{"u1", "USD"}, {"u2", "USD"}, {"u3", "EUR"}}
	ops := []struct {
		op     wallet.OperationType
		amount string
	}{{wallet.OpenPosition, "3.33"}, {wallet.NormalClose, "2.5"}, {wallet.AbnormalOvertrading, "-0.001"}, {wallet.OpenPosition, "7"}}

	var done, cancelled, dupApplied atomic.Int64
	var wg sync.WaitGroup
	const workers, perWorker = 6, 40
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				u := users[(wk+i)%len(users)]
				o := ops[(wk*7+i)%len(ops)]
				adj := wallettest.NewAdjustment(u.user, u.cur, o.op, o.amount)
				first, other := ps[(wk+i)%2], ps[(wk+i+1)%2]
				tr := wallettest.Trade{Adjustment: adj}
				if i%2 == 0 { // the same adjustment to both instances at once
					var dup wallettest.Result
					var dwg sync.WaitGroup
					dwg.Add(1)
					go func() { defer dwg.Done(); dup = other.Adjust(ctx, adj) }()
					tr.Adjust = first.Adjust(ctx, adj)
					dwg.Wait()
					if dup.OK() {
						dupApplied.Add(1)
					}
				} else {
					tr.Adjust = first.Adjust(ctx, adj)
				}
				if !tr.Accepted() {
					tr.Cancel, tr.CancelAttempts = cancelAnywhere(wallettest.CancelFor(adj))
					cancelled.Add(1)
				}
				if i%5 == 1 { // a late duplicate to the other instance: never a second effect
					d := other.Adjust(ctx, adj)
					if tr.Accepted() && d.Err == nil {
						assert.Equal(t, wallet.CodeOK, d.Code(), "late duplicate of an accepted adjustment")
					}
				}
				book.Record(tr)
				done.Add(1)
			}
		}(wk)
	}

	// Kill the first instance mid-run, restart it on the same database and address.
	for done.Load() < workers*perWorker/3 {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	require.NoError(t, procs[0].Process.Signal(syscall.SIGKILL))
	_, _ = procs[0].Process.Wait()
	time.Sleep(300 * time.Millisecond) // requests to it fail meanwhile; cancels go to the other
	procs[0] = start(t, bin, dbURL, addrs[0])
	mu.Unlock()

	wg.Wait()
	t.Logf("%d trades, %d not accepted and cancelled, %d duplicates answered success", workers*perWorker, cancelled.Load(), dupApplied.Load())
	assert.Empty(t, book.Unsettled(), "every trade ends accepted or cancelled")

	// Kill both; a fresh process answers from the database alone.
	mu.Lock()
	for _, c := range procs {
		require.NoError(t, c.Process.Signal(syscall.SIGKILL))
		_, _ = c.Process.Wait()
	}
	procs = []*exec.Cmd{start(t, bin, dbURL, addrs[1])}
	mu.Unlock()

	for _, u := range users {
		got, res := ps[1].QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: u.user, Currency: u.cur})
		require.True(t, res.OK(), res.Code())
		want := book.Expected(u.user, u.cur)
		assert.True(t, want.Equal(got), "%s %s: wallet %s, platform expects %s", u.user, u.cur, got, want)
	}
	db, err := sql.Open("pgx", dbURL)
	require.NoError(t, err)
	defer db.Close()
	checkLedger(t, db, "$1", "$2")
}

// checkLedger checks that every account's balance is its seed plus the sum of
// its ledger rows; ph1 and ph2 are the dialect's first two placeholders.
func checkLedger(t *testing.T, db *sql.DB, ph1, ph2 string) {
	t.Helper()
	rows, err := db.Query(`SELECT user_name, currency, delta FROM ledger`)
	require.NoError(t, err)
	sums := map[string]wallet.Amount{}
	for rows.Next() {
		var u, c, d string
		require.NoError(t, rows.Scan(&u, &c, &d))
		sums[u+" "+c] = sums[u+" "+c].Add(wallet.MustParseAmount(d))
	}
	require.NoError(t, rows.Err())
	seedOf := map[string]string{"u1 USD": "100.00", "u2 USD": "50.000", "u3 EUR": "10"}
	for k, s := range seedOf {
		var amt, u, c string
		_, _ = fmt.Sscan(k, &u, &c)
		require.NoError(t, db.QueryRow(`SELECT amount FROM accounts WHERE user_name = `+ph1+` AND currency = `+ph2, u, c).Scan(&amt))
		assert.True(t, wallet.MustParseAmount(s).Add(sums[k]).Equal(wallet.MustParseAmount(amt)), "%s: ledger and balance agree", k)
	}
}
