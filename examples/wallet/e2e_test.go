package main

import (
	"context"
	"database/sql"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

const company = "439"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildWallet builds the example once per test binary run.
func buildWallet(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mm-wallet-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "wallet")
		build := exec.Command("go", "build", "-o", binPath, ".")
		build.Stderr = os.Stderr
		buildErr = build.Run()
	})
	require.NoError(t, buildErr)
	return binPath
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

func start(t *testing.T, bin, db, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "-db", db, "-addr", addr, "-seed", "u1:USD=100.00,u2:USD=50.000,u3:EUR=10")
	cmd.Env = append(os.Environ(), "MM_COMPANY_ID="+company)
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	require.NoError(t, cmd.Start())
	p := &wallettest.Platform{BaseURL: "http://" + addr, CompanyID: company}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); { // wait until it answers
		_, res := p.QueryBalance(context.Background(), wallet.BalanceQuery{ThirdServerCode: "x", UserName: "u1", Currency: "USD"})
		if res.Err == nil {
			return cmd
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatal("wallet did not start")
	return nil
}

// TestEndToEndKillAndRestart builds the example, drives it as MultiMarkets
// would, kills it with SIGKILL in the middle, restarts it on the same
// database, and checks that the balances are exactly what the accepted
// adjustments imply.
func TestEndToEndKillAndRestart(t *testing.T) {
	dir := t.TempDir()
	bin := buildWallet(t)
	dbPath := filepath.Join(dir, "wallet.db")
	addr := freeAddr(t)

	cmd := start(t, bin, dbPath, addr)
	var mu sync.Mutex
	current := cmd
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		_ = current.Process.Kill()
		_, _ = current.Process.Wait()
	}()

	book := wallettest.NewBook()
	book.Seed("u1", "USD", wallet.MustParseAmount("100.00"))
	book.Seed("u2", "USD", wallet.MustParseAmount("50.000"))
	book.Seed("u3", "EUR", wallet.MustParseAmount("10"))
	// Cancels are retried for up to 2 min: across the restart below, however
	// slowly a busy machine restarts the wallet.
	p := &wallettest.Platform{BaseURL: "http://" + addr, CompanyID: company, CancelAttempts: 2400, RetryDelay: 50 * time.Millisecond}
	ctx := context.Background()

	// Side cases, before the load: a cancel of an unknown adjustment then its late original,
	// a malformed body and a wrong companyId.
	late := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "1")
	require.Equal(t, wallet.CodeCancelNotReceived, p.Cancel(ctx, wallettest.CancelFor(late)).Code())
	require.Equal(t, wallet.CodeCancelled, p.Adjust(ctx, late).Code())
	require.Equal(t, wallet.CodeBadRequest, p.Post(ctx, wallet.DefaultPaths().Adjust, nil, []byte(`{"userName":`)).Code())
	wrong := &wallettest.Platform{BaseURL: p.BaseURL, CompanyID: "440"}
	require.Equal(t, wallet.CodeForbidden, wrong.Adjust(ctx, wallettest.NewAdjustment("u1", "USD", wallet.NormalClose, "1000")).Code())

	users := []struct{ user, cur string }{{"u1", "USD"}, {"u2", "USD"}, {"u3", "EUR"}}
	ops := []struct {
		op     wallet.OperationType
		amount string
	}{{wallet.OpenPosition, "3.33"}, {wallet.NormalClose, "2.5"}, {wallet.AbnormalOvertrading, "-0.001"}, {wallet.OpenPosition, "7"}}

	var done atomic.Int64
	var wg sync.WaitGroup
	const workers, perWorker = 6, 40
	var cancelled atomic.Int64
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				u := users[(wk+i)%len(users)]
				o := ops[(wk*7+i)%len(ops)]
				adj := wallettest.NewAdjustment(u.user, u.cur, o.op, o.amount)
				// An answer later than the platform's 3 s is a failed call
				// that the platform cancels; the books must agree either way.
				tr := p.Trade(ctx, adj)
				if i%4 == 0 { // a duplicate: never a second effect
					d := p.Adjust(ctx, adj)
					if tr.Accepted() && d.Err == nil {
						assert.Equal(t, wallet.CodeOK, d.Code())
					}
				}
				book.Record(tr)
				if !tr.Accepted() {
					cancelled.Add(1)
				}
				done.Add(1)
			}
		}(wk)
	}

	// Kill mid-run, restart on the same database.
	for done.Load() < workers*perWorker/3 {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	require.NoError(t, current.Process.Signal(syscall.SIGKILL))
	_, _ = current.Process.Wait()
	time.Sleep(300 * time.Millisecond) // requests fail meanwhile; the platform retries cancels
	current = start(t, bin, dbPath, addr)
	mu.Unlock()

	wg.Wait()
	t.Logf("%d trades, %d not accepted and cancelled", workers*perWorker, cancelled.Load())
	assert.Empty(t, book.Unsettled(), "every trade ends accepted or cancelled")

	// Restart once more (clean) so that nothing only in memory could help.
	mu.Lock()
	require.NoError(t, current.Process.Signal(syscall.SIGKILL))
	_, _ = current.Process.Wait()
	current = start(t, bin, dbPath, addr)
	mu.Unlock()

	for _, u := range users {
		got, res := p.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "x", UserName: u.user, Currency: u.cur})
		require.True(t, res.OK(), res.Code())
		want := book.Expected(u.user, u.cur)
		assert.True(t, want.Equal(got), "%s %s: wallet %s, platform expects %s", u.user, u.cur, got, want)
	}
	// The late original never moved money, and the ledger agrees with the balances.
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM ledger WHERE entry_key = ?`, late.RequestUniqueNo).Scan(&n))
	assert.Zero(t, n)
	checkLedger(t, db, "?", "?")
}
