package wallettest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonkey"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// Platform plays MultiMarkets: it calls a wallet's three webhooks the way the
// platform does, with its headers, its 3-second limit, and a cancel (retried)
// after an adjustment that failed or timed out.
type Platform struct {
	// BaseURL is the wallet server's URL, e.g. an httptest.Server's URL.
	BaseURL string
	// CompanyID is sent in the companyId header.
	CompanyID string
	// HTTPClient is used for calls; default: a client with a 3 s timeout, as the platform's.
	HTTPClient *http.Client
	// Paths are the webhook paths; zero fields take wallet.DefaultPaths().
	Paths wallet.Paths
	// CancelAttempts is how often a cancel is sent before giving up; default 20.
	CancelAttempts int
	// RetryDelay is the pause between cancel attempts; default 100 ms.
	RetryDelay time.Duration
	// SnakeCase sends snake_case body keys (user_name, amount_digits, …) as some doc examples do.
	SnakeCase bool
	// Now is the clock for timestamps; default time.Now.
	Now func() time.Time
}

// Result is one webhook call's outcome as the platform saw it.
type Result struct {
	// Envelope is the decoded answer; zero if the call failed (Err).
	Envelope wallet.Envelope
	// Err is a transport failure, a timeout or an undecodable answer; the
	// platform treats it like an error answer.
	Err error
	// Elapsed is the time from sending to the full answer.
	Elapsed time.Duration
	// HTTPStatus is the answer's status code, 0 if none arrived.
	HTTPStatus int
}

// OK reports whether the call got the success code "0".
func (r Result) OK() bool { return r.Err == nil && r.Envelope.Code == wallet.CodeOK }

// Code is the answer's code, or "" if none arrived.
func (r Result) Code() string { return r.Envelope.Code }

func (p *Platform) client() *http.Client {
	if p.HTTPClient != nil {
		return p.HTTPClient
	}
	return &http.Client{Timeout: 3 * time.Second}
}

func (p *Platform) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Platform) path(which string) string {
	d := wallet.DefaultPaths()
	switch which {
	case "balance":
		if p.Paths.Balance != "" {
			return p.Paths.Balance
		}
		return d.Balance
	case "adjust":
		if p.Paths.Adjust != "" {
			return p.Paths.Adjust
		}
		return d.Adjust
	default:
		if p.Paths.Cancel != "" {
			return p.Paths.Cancel
		}
		return d.Cancel
	}
}

// Headers returns the platform's headers for a call: trace, companyId, timestamp.
func (p *Platform) Headers() http.Header {
	h := http.Header{}
	h.Set("trace", "mm-"+uuid.NewString())
	h.Set("companyId", p.CompanyID)
	h.Set("timestamp", strconv.FormatInt(p.now().UnixMilli(), 10))
	h.Set("Content-Type", "application/json")
	return h
}

// Post sends body to path with the given headers (Headers() if nil) and
// decodes the answer. Use it for malformed bodies and wrong headers.
func (p *Platform) Post(ctx context.Context, path string, header http.Header, body []byte) Result {
	if header == nil {
		header = p.Headers()
	}
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(p.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return Result{Err: err}
	}
	req.Header = header
	resp, err := p.client().Do(req)
	if err != nil {
		return Result{Err: err, Elapsed: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	res := Result{Elapsed: time.Since(start), HTTPStatus: resp.StatusCode}
	if err != nil {
		res.Err = err
		return res
	}
	if err := json.Unmarshal(b, &res.Envelope); err != nil {
		res.Err = fmt.Errorf("wallettest: answer is not an envelope: %w", err)
	}
	return res
}

func (p *Platform) encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if !p.SnakeCase {
		return b
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	s := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		s[jsonkey.Snake(k)] = v
	}
	b, _ = json.Marshal(s)
	return b
}

// QueryBalance asks for a balance and returns the amount with its digits.
func (p *Platform) QueryBalance(ctx context.Context, q wallet.BalanceQuery) (wallet.Amount, Result) {
	res := p.Post(ctx, p.path("balance"), nil, p.encode(q))
	if !res.OK() {
		return wallet.Amount{}, res
	}
	var d struct {
		Amount       string `json:"amount"`
		AmountDigits *int   `json:"amountDigits"`
		Digits2      *int   `json:"amount_digits"`
	}
	if err := json.Unmarshal(res.Envelope.Data, &d); err != nil {
		res.Err = err
		return wallet.Amount{}, res
	}
	a, err := wallet.ParseAmount(d.Amount)
	if err != nil {
		res.Err = err
		return wallet.Amount{}, res
	}
	digits := d.AmountDigits
	if digits == nil {
		digits = d.Digits2
	}
	if digits == nil || *digits != a.Digits() {
		res.Err = errors.New("wallettest: amountDigits missing or not the amount's digits")
	}
	return a, res
}

// Adjust sends one adjustment call.
func (p *Platform) Adjust(ctx context.Context, adj wallet.Adjustment) Result {
	return p.Post(ctx, p.path("adjust"), nil, p.encode(adj))
}

// Cancel sends one cancel call.
func (p *Platform) Cancel(ctx context.Context, c wallet.Cancel) Result {
	return p.Post(ctx, p.path("cancel"), nil, p.encode(c))
}

// CancelFor builds the cancel the platform sends for adj, with a fresh requestUniqueNo.
func CancelFor(adj wallet.Adjustment) wallet.Cancel {
	return wallet.Cancel{
		ThirdServerCode: adj.ThirdServerCode, UserName: adj.UserName, Currency: adj.Currency, BizType: adj.BizType,
		Amount: adj.Amount.Abs(), OrderID: adj.OrderID, RequestUniqueNo: "c-" + uuid.NewString(),
		ReverseRequestUniqueNo: adj.RequestUniqueNo, RequestTime: time.Now(), IP: adj.IP, CancelRemark: "timeout",
	}
}

// CancelSettled reports whether a cancel's answer is final for the platform:
// reversed ("0"), nothing to reverse (US_0000001) or never received (US_0000002).
func CancelSettled(r Result) bool {
	if r.Err != nil {
		return false
	}
	switch r.Envelope.Code {
	case wallet.CodeOK, wallet.CodeCancelNotProcessed, wallet.CodeCancelNotReceived:
		return true
	}
	return false
}

// CancelUntilSettled sends c until its answer is final or CancelAttempts are used up.
func (p *Platform) CancelUntilSettled(ctx context.Context, c wallet.Cancel) (Result, int) {
	attempts := p.CancelAttempts
	if attempts <= 0 {
		attempts = 20
	}
	delay := p.RetryDelay
	if delay <= 0 {
		delay = 100 * time.Millisecond
	}
	var res Result
	for i := 1; i <= attempts; i++ {
		res = p.Cancel(ctx, c)
		if CancelSettled(res) {
			return res, i
		}
		select {
		case <-ctx.Done():
			return res, i
		case <-time.After(delay):
		}
	}
	return res, attempts
}

// Trade is one adjustment as the platform runs it: the call and, if it did
// not succeed within 3 s, the cancel with retries.
type Trade struct {
	Adjustment wallet.Adjustment // the adjustment the platform sent
	Adjust     Result            // outcome of the adjustment call
	// Cancel is the last cancel answer; zero if none was needed.
	Cancel         Result
	CancelAttempts int // how many cancels were sent; 0 if none was needed
}

// Accepted reports whether the platform considers the adjustment done.
func (t Trade) Accepted() bool { return t.Adjust.OK() }

// Settled reports whether the platform and the wallet agree on the trade:
// accepted, or cancelled with a final answer.
func (t Trade) Settled() bool { return t.Accepted() || CancelSettled(t.Cancel) }

// Trade sends adj and, unless the answer is success, cancels it until settled.
func (p *Platform) Trade(ctx context.Context, adj wallet.Adjustment) Trade {
	t := Trade{Adjustment: adj, Adjust: p.Adjust(ctx, adj)}
	if !t.Accepted() {
		t.Cancel, t.CancelAttempts = p.CancelUntilSettled(ctx, CancelFor(adj))
	}
	return t
}

// NewAdjustment builds an adjustment with a fresh requestUniqueNo; amount is
// the wire amount (positive for OPEN_POSITION and NORMAL_CLOSE, negative for
// ABNORMAL_OVERTRADING).
func NewAdjustment(user, currency string, op wallet.OperationType, amount string) wallet.Adjustment {
	biz := multimarkets.OrderMarketOpen
	if op != wallet.OpenPosition {
		biz = multimarkets.OrderMarketClose
	}
	return wallet.Adjustment{
		ThirdServerCode: "ext-" + user, UserName: user, Currency: currency, BizType: biz, OperationType: op,
		Amount: wallet.MustParseAmount(amount), OrderID: time.Now().UnixNano() % 1e12, RequestUniqueNo: "r-" + uuid.NewString(),
		RequestTime: time.Now(), IP: "203.0.113.7",
	}
}

// Book is what the platform believes about the wallet: starting balances
// plus the deltas of accepted adjustments. Safe for concurrent use.
type Book struct {
	mu        sync.Mutex
	balances  map[string]wallet.Amount
	unsettled []Trade
}

// NewBook returns an empty Book.
func NewBook() *Book { return &Book{balances: map[string]wallet.Amount{}} }

// Seed records a starting balance.
func (b *Book) Seed(user, currency string, amount wallet.Amount) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.balances[acct(user, currency)] = amount
}

// Record adds a trade: its delta if accepted, nothing if cancelled; an
// unsettled trade is kept for Unsettled.
func (b *Book) Record(t Trade) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case t.Accepted():
		k := acct(t.Adjustment.UserName, t.Adjustment.Currency)
		b.balances[k] = b.balances[k].Add(t.Adjustment.Delta())
	case !t.Settled():
		b.unsettled = append(b.unsettled, t)
	}
}

// Expected returns the balance the platform expects the wallet to hold.
func (b *Book) Expected(user, currency string) wallet.Amount {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[acct(user, currency)]
}

// String describes the book by its size only: its accounts are named by user.
func (b *Book) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return fmt.Sprintf("wallettest.Book{accounts=%d unsettled=%d}", len(b.balances), len(b.unsettled))
}

// Format prints String under every fmt verb.
func (b *Book) Format(f fmt.State, verb rune) { redact.Format(f, verb, b.String()) }

// GoString is String.
func (b *Book) GoString() string { return b.String() }

// Unsettled returns the trades whose cancel never got a final answer; for
// those the platform and the wallet may disagree.
func (b *Book) Unsettled() []Trade {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Trade(nil), b.unsettled...)
}
