package wallet_test

// BenchmarkPerfWalletPaired is issue 14's "wallet webhook p99 at 32
// concurrent, memory store" row: the SDK's Handler next to a hand-written
// net/http handler doing the same essential work, in the same run, over
// loopback HTTP with the same client and transport settings.
// BenchmarkPerfWallet measures each side in a sub-benchmark of its own (with
// allocations), and BenchmarkPerfWalletInProcess serves the same requests
// without the network, for the handlers' own CPU cost. Compare with
// benchstat:
//
//	go test -run '^$' -bench PerfWalletPaired -count 10 ./wallet/ > paired.txt
//	benchstat paired.txt
//	go test -run '^$' -bench 'PerfWallet(InProcess)?$' -benchmem -count 6 ./wallet/ > wallet.txt
//	benchstat -col /impl wallet.txt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/cputime"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

const (
	perfClients = 32   // concurrent platform connections
	perfUsers   = 2000 // distinct accounts the requests spread over
)

var perfSeed = wallet.MustParseAmount("1000000.00")

func perfUser(i int) string { return "u" + strconv.Itoa(100000+i) }

// perfWorkload builds one client's requests as MultiMarkets sends them
// (webhook spec: camelCase keys, amount as a string with amountDigits, the
// trace/companyId/timestamp headers): half balance queries, 40% new
// adjustments (opens and closes, so balances stay put), 10% repeats of the
// client's previous adjustment (same requestUniqueNo and body), each for a
// random user among perfUsers.
type perfWorkload struct {
	client int
	rng    *rand.Rand
	n      int
	last   []byte // previous adjustment body, for repeats
}

func (w *perfWorkload) next(buf []byte) (path string, body []byte) {
	w.n++
	k := w.rng.IntN(100)
	user := perfUser(w.rng.IntN(perfUsers))
	paths := wallet.DefaultPaths()
	switch {
	case k < 50:
		body = append(buf[:0], `{"thirdServerCode":"ext-`...)
		body = append(body, user...)
		body = append(body, `","userName":"`...)
		body = append(body, user...)
		body = append(body, `","currency":"USD"}`...)
		return paths.Balance, body
	case k >= 90 && w.last != nil:
		return paths.Adjust, w.last
	}
	op, biz := "OPEN_POSITION", "1"
	if w.n%2 == 0 {
		op, biz = "NORMAL_CLOSE", "2"
	}
	body = append(buf[:0], `{"thirdServerCode":"ext-`...)
	body = append(body, user...)
	body = append(body, `","userName":"`...)
	body = append(body, user...)
	body = append(body, `","currency":"USD","bizType":`...)
	body = append(body, biz...)
	body = append(body, `,"operationType":"`...)
	body = append(body, op...)
	body = append(body, `","amount":"1.25","amountDigits":2,"orderId":`...)
	body = strconv.AppendInt(body, int64(w.client)*1e9+int64(w.n), 10)
	body = append(body, `,"requestUniqueNo":"r-`...)
	body = strconv.AppendInt(body, int64(w.client), 10)
	body = append(body, '-')
	body = strconv.AppendInt(body, int64(w.n), 10)
	body = append(body, `","requestTime":`...)
	body = strconv.AppendInt(body, time.Now().UnixMilli(), 10)
	body = append(body, `,"ip":"203.0.113.7"}`...)
	w.last = append(w.last[:0], body...)
	return paths.Adjust, body
}

// perfResult is what one side of the benchmark measured.
type perfResult struct {
	n        int             // requests sent
	lat      []time.Duration // each request's latency, sorted
	elapsed  time.Duration
	cpu      time.Duration // the process's CPU time (client and server); 0 if unknown
	timeouts int64
}

// quantile returns latency quantile p in µs.
func (r perfResult) quantile(p float64) float64 {
	return float64(r.lat[int(p*float64(len(r.lat)-1))].Nanoseconds()) / 1e3
}

func (r perfResult) reqPerSec() float64 { return float64(r.n) / r.elapsed.Seconds() }

// cpuPerRequest is the process's CPU time per request in µs, client and
// server together (the client's share is the same for both sides).
func (r perfResult) cpuPerRequest() float64 { return float64(r.cpu.Nanoseconds()) / 1e3 / float64(r.n) }

// perfLoad opens perfClients connections to base, calls ready (which may
// reset the benchmark's timer), then sends n requests from perfClients goroutines and
// measures each one's latency, the requests per second, the process's CPU
// time and how many calls the platform gave up on after 3 s (a stalled
// machine; they count at their latency). Every answer must be code "0".
func perfLoad(b *testing.B, base string, n int, ready func()) perfResult {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = perfClients
	tr.MaxConnsPerHost = perfClients
	hc := &http.Client{Transport: tr, Timeout: 3 * time.Second} // the platform's limit
	defer tr.CloseIdleConnections()

	send := func(path string, body []byte, trace string) error {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("trace", trace)
		req.Header.Set("companyId", company)
		req.Header.Set("timestamp", strconv.FormatInt(time.Now().UnixMilli(), 10))
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		ans, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if !bytes.Contains(ans, []byte(`"code":"0"`)) {
			return &perfBadAnswer{string(ans)}
		}
		return nil
	}
	// Warm up: open the connections.
	var wg sync.WaitGroup
	for c := 0; c < perfClients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := []byte(`{"thirdServerCode":"x","userName":"` + perfUser(c) + `","currency":"USD"}`)
			if err := send(wallet.DefaultPaths().Balance, body, "warm"); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()

	var next, timeouts atomic.Int64
	lat := make([][]time.Duration, perfClients)
	errs := make([]error, perfClients)
	ready()
	cpu0, cpuOK := cputime.Process()
	began := time.Now()
	for c := 0; c < perfClients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &perfWorkload{client: c, rng: rand.New(rand.NewPCG(uint64(c), 14))}
			buf := make([]byte, 0, 512)
			trace := make([]byte, 0, 32)
			for next.Add(1) <= int64(n) {
				path, body := w.next(buf)
				trace = strconv.AppendInt(append(trace[:0], "mm-"...), int64(c)<<32|int64(w.n), 16)
				start := time.Now()
				if err := send(path, body, string(trace)); err != nil {
					// A call the platform gave up on (3 s: a stalled
					// machine) counts, at its latency, and goes on.
					var ne net.Error
					if !errors.As(err, &ne) || !ne.Timeout() {
						errs[c] = err
						return
					}
					timeouts.Add(1)
				}
				lat[c] = append(lat[c], time.Since(start))
			}
		}()
	}
	wg.Wait()
	r := perfResult{n: n, elapsed: time.Since(began), timeouts: timeouts.Load()}
	if cpu1, _ := cputime.Process(); cpuOK {
		r.cpu = cpu1 - cpu0
	}
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	r.lat = slices.Concat(lat...)
	slices.Sort(r.lat)
	return r
}

type perfBadAnswer struct{ body string }

func (e *perfBadAnswer) Error() string { return "answer not code 0: " + e.body }

// newPerfHandler is the SDK's side: the Handler with a MemoryStore and
// wallettest.Ledger, logging a JSON line per call (as in production) to
// nowhere.
func newPerfHandler(b *testing.B) *wallet.Handler {
	l := wallettest.NewLedger()
	for i := 0; i < perfUsers; i++ {
		l.Seed(perfUser(i), "USD", perfSeed)
	}
	h, err := wallet.NewHandler(wallet.Config{CompanyID: company, Wallet: l, Store: wallet.NewMemoryStore(),
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	require.NoError(b, err)
	return h
}

// newPerfBaseline is the baseline's side, with the same accounts.
func newPerfBaseline() *perfBaseline {
	bl := &perfBaseline{company: company, balances: map[string]wallet.Amount{}, handled: map[string]perfAnswer{}}
	for i := 0; i < perfUsers; i++ {
		bl.balances[perfUser(i)+"\x00USD"] = perfSeed
	}
	return bl
}

// perfSDK serves newPerfHandler over loopback HTTP; stop closes the server
// and shuts the Handler down.
func perfSDK(b *testing.B) (url string, stop func()) {
	h := newPerfHandler(b)
	srv := httptest.NewServer(h)
	return srv.URL, func() {
		srv.Close()
		_ = h.Shutdown(context.Background())
	}
}

// perfHandWritten serves newPerfBaseline over loopback HTTP.
func perfHandWritten(*testing.B) (url string, stop func()) {
	srv := httptest.NewServer(newPerfBaseline())
	return srv.URL, srv.Close
}

// BenchmarkPerfWallet: 32 concurrent platform clients over loopback HTTP
// against (sdk) the Handler with a MemoryStore and wallettest.Ledger, and
// (baseline) perfBaseline, each in a sub-benchmark of its own (for
// allocations and bytes per request). The row's target (the SDK's p99 at
// most 1.5× the baseline's) is measured by BenchmarkPerfWalletPaired.
func BenchmarkPerfWallet(b *testing.B) {
	for _, side := range []struct {
		name  string
		start func(*testing.B) (string, func())
	}{{"impl=sdk", perfSDK}, {"impl=baseline", perfHandWritten}} {
		b.Run(side.name, func(b *testing.B) {
			url, stop := side.start(b)
			defer stop()
			b.ReportAllocs()
			r := perfLoad(b, url, b.N, b.ResetTimer)
			b.StopTimer()
			b.ReportMetric(r.quantile(0.50), "p50-µs")
			b.ReportMetric(r.quantile(0.99), "p99-µs")
			b.ReportMetric(r.reqPerSec(), "req/s")
			b.ReportMetric(float64(r.timeouts), "timeouts")
			if r.cpu > 0 {
				b.ReportMetric(r.cpuPerRequest(), "cpu-µs/op")
			}
		})
	}
}

// walletPairs counts BenchmarkPerfWalletPaired's runs, to alternate which
// side goes first.
var walletPairs atomic.Int64

// BenchmarkPerfWalletPaired is the row's measurement. Each run sends b.N
// requests to each side, one side after the other, and reports both sides'
// p99 and their ratio (sdk/baseline, target ≤ 1.5). Sub-benchmarks run -count
// times each before the next starts, so that a machine slowing down or
// speeding up over a minute shows as a difference between them; here the two
// sides of a ratio are measured seconds apart. The sides run one at a time
// (a side's server is closed, and its memory collected, before the other
// starts), since they share the process's garbage collector, and the side
// that goes first alternates from run to run. Compare with benchstat:
//
//	go test -run '^$' -bench PerfWalletPaired -count 10 ./wallet/ > paired.txt
//	benchstat paired.txt
func BenchmarkPerfWalletPaired(b *testing.B) {
	sides := [2]func(*testing.B) (string, func()){perfSDK, perfHandWritten}
	var res [2]perfResult
	first := int(walletPairs.Add(1) % 2)
	for i := range sides {
		side := (first + i) % 2
		url, stop := sides[side](b)
		res[side] = perfLoad(b, url, b.N, func() {})
		stop()
		runtime.GC()
	}
	sdk, base := res[0], res[1]
	b.ReportMetric(sdk.quantile(0.99), "sdk-p99-µs")
	b.ReportMetric(base.quantile(0.99), "baseline-p99-µs")
	b.ReportMetric(sdk.quantile(0.99)/base.quantile(0.99), "p99-ratio")
	b.ReportMetric(sdk.quantile(0.50)/base.quantile(0.50), "p50-ratio")
	b.ReportMetric(sdk.reqPerSec()/base.reqPerSec(), "req/s-ratio")
	if sdk.cpu > 0 && base.cpu > 0 {
		b.ReportMetric(sdk.cpuPerRequest(), "sdk-cpu-µs/req")
		b.ReportMetric(base.cpuPerRequest(), "baseline-cpu-µs/req")
	}
	b.ReportMetric(float64(sdk.timeouts+base.timeouts), "timeouts")
}

// perfBaseline is the wallet webhook a developer would write by hand with
// net/http: check the method, companyId and timestamp headers, parse the
// JSON body into a struct, look up or update the balance in a
// mutex-protected map with a map of handled requestUniqueNos for
// idempotency, and write the JSON answer. It has none of the SDK's other
// guarantees (per-user serialisation of a slow wallet, cancels, leases,
// deadlines, panic guards, UTF-8 and size checks, logging).
type perfBaseline struct {
	company  string
	mu       sync.Mutex
	balances map[string]wallet.Amount
	handled  map[string]perfAnswer
}

type perfAnswer struct{ code, msg string }

type perfBalanceReq struct {
	ThirdServerCode string `json:"thirdServerCode"`
	UserName        string `json:"userName"`
	Currency        string `json:"currency"`
}

type perfAdjustReq struct {
	ThirdServerCode string `json:"thirdServerCode"`
	UserName        string `json:"userName"`
	Currency        string `json:"currency"`
	BizType         int    `json:"bizType"`
	OperationType   string `json:"operationType"`
	Amount          string `json:"amount"`
	AmountDigits    int    `json:"amountDigits"`
	OrderID         int64  `json:"orderId"`
	RequestUniqueNo string `json:"requestUniqueNo"`
	RequestTime     int64  `json:"requestTime"`
	IP              string `json:"ip"`
	Metadata        string `json:"metadata"`
}

type perfBalanceData struct {
	UserName     string `json:"userName"`
	Currency     string `json:"currency"`
	Amount       string `json:"amount"`
	AmountDigits int    `json:"amountDigits"`
}

type perfAnswerEnvelope struct {
	Code      string `json:"code"`
	Msg       string `json:"msg"`
	OK        bool   `json:"ok"`
	Fail      bool   `json:"fail"`
	Data      any    `json:"data"`
	Trace     string `json:"trace"`
	BizCode   string `json:"bizCode"`
	MsgParams string `json:"msgParams"`
	Tm        int64  `json:"tm"`
}

func (p *perfBaseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	answer := func(a perfAnswer, data any) {
		if data == nil {
			data = struct{}{}
		}
		out, _ := json.Marshal(perfAnswerEnvelope{Code: a.code, Msg: a.msg, OK: a.code == "0", Fail: a.code != "0",
			Data: data, Trace: r.Header.Get("trace"), Tm: time.Since(start).Milliseconds()})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	}
	bad := perfAnswer{"WALLET_BAD_REQUEST", "bad request"}
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if strings.TrimSpace(r.Header.Get("companyId")) != p.company {
		answer(perfAnswer{"WALLET_FORBIDDEN", "forbidden"}, nil)
		return
	}
	ts, err := strconv.ParseInt(r.Header.Get("timestamp"), 10, 64)
	if d := time.Since(time.UnixMilli(ts)); err != nil || d > 5*time.Minute || d < -5*time.Minute {
		answer(perfAnswer{"WALLET_STALE_REQUEST", "stale"}, nil)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		answer(bad, nil)
		return
	}
	switch r.URL.Path {
	case wallet.DefaultPaths().Balance:
		var q perfBalanceReq
		if json.Unmarshal(body, &q) != nil || q.UserName == "" || q.Currency == "" {
			answer(bad, nil)
			return
		}
		p.mu.Lock()
		bal, ok := p.balances[q.UserName+"\x00"+q.Currency]
		p.mu.Unlock()
		if !ok {
			answer(perfAnswer{"WALLET_UNKNOWN_ACCOUNT", "unknown account"}, nil)
			return
		}
		answer(perfAnswer{"0", "success"}, perfBalanceData{UserName: q.UserName, Currency: q.Currency,
			Amount: bal.String(), AmountDigits: bal.Digits()})
	case wallet.DefaultPaths().Adjust:
		var a perfAdjustReq
		if json.Unmarshal(body, &a) != nil || a.UserName == "" || a.Currency == "" || a.RequestUniqueNo == "" {
			answer(bad, nil)
			return
		}
		amt, err := wallet.ParseAmount(a.Amount)
		if err == nil {
			amt, err = amt.Rescale(a.AmountDigits)
		}
		if err != nil {
			answer(bad, nil)
			return
		}
		delta := amt
		switch a.OperationType {
		case "OPEN_POSITION":
			delta = amt.Neg()
		case "NORMAL_CLOSE", "ABNORMAL_OVERTRADING":
		default:
			answer(bad, nil)
			return
		}
		p.mu.Lock()
		res, seen := p.handled[a.RequestUniqueNo]
		if !seen {
			k := a.UserName + "\x00" + a.Currency
			if bal, ok := p.balances[k]; ok {
				p.balances[k] = bal.Add(delta)
				res = perfAnswer{"0", "success"}
			} else {
				res = perfAnswer{"WALLET_UNKNOWN_ACCOUNT", "unknown account"}
			}
			p.handled[a.RequestUniqueNo] = res
		}
		p.mu.Unlock()
		answer(res, nil)
	default:
		http.NotFound(w, r)
	}
}

// BenchmarkPerfWalletInProcess serves the same requests as BenchmarkPerfWallet
// in process, one at a time (httptest.NewRecorder, no network): the CPU cost
// of the handler itself, SDK next to baseline.
func BenchmarkPerfWalletInProcess(b *testing.B) {
	run := func(b *testing.B, h http.Handler) {
		w := &perfWorkload{client: 1, rng: rand.New(rand.NewPCG(1, 14))}
		buf := make([]byte, 0, 512)
		ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			path, body := w.next(buf)
			r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("trace", "mm-1")
			r.Header.Set("companyId", company)
			r.Header.Set("timestamp", ts)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if !bytes.Contains(rec.Body.Bytes(), []byte(`"code":"0"`)) {
				b.Fatal(rec.Body.String())
			}
		}
	}
	b.Run("impl=sdk", func(b *testing.B) { run(b, newPerfHandler(b)) })
	b.Run("impl=baseline", func(b *testing.B) { run(b, newPerfBaseline()) })
}
