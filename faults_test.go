package multimarkets_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// fastRetries retries at once; its time budget only guards against a hang.
var fastRetries = mm.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxElapsed: 2 * time.Minute}

// attemptTimeout is the per-attempt timeout of tests whose fake holds an
// answer until the client gives up (DelayAfterActing with a longer delay).
// The fake acts within milliseconds of the request; the timeout is long so
// that even a starved machine has acted before it fires, and it is the only
// wait in such a test.
const attemptTimeout = 5 * time.Second

// TestWriteFaults shows, for each fault, what the caller of a write sees and
// how many times the server acted: never twice.
func TestWriteFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		faults       []*mmtest.Fault
		wantErr      error // nil: success
		wantReason   string
		wantRequests int
		wantActed    int
	}{
		{"answer lost after acting", []*mmtest.Fault{mmtest.DropAfterActing()}, mm.ErrUnknownOutcome, "", 1, 1},
		{"request lost before acting", []*mmtest.Fault{mmtest.DropBeforeActing()}, mm.ErrUnknownOutcome, "", 1, 0},
		{"502 HTML from a proxy", []*mmtest.Fault{mmtest.GatewayHTML(502)}, mm.ErrUnknownOutcome, "HTML page instead of JSON", 1, 0},
		{"502 HTML after acting", []*mmtest.Fault{mmtest.GatewayHTMLAfterActing(502)}, mm.ErrUnknownOutcome, "HTML page instead of JSON", 1, 1},
		{"503 empty", []*mmtest.Fault{mmtest.EmptyStatus(503)}, mm.ErrUnknownOutcome, "empty body", 1, 0},
		{"truncated JSON after acting", []*mmtest.Fault{mmtest.TruncatedAfterActing()}, mm.ErrUnknownOutcome, "", 1, 1},
		{"delay past the timeout", []*mmtest.Fault{mmtest.DelayAfterActing(time.Hour)}, mm.ErrUnknownOutcome, "", 1, 1},
		{"service time-out code", []*mmtest.Fault{mmtest.Code("GGATEWAY_CODE_902")}, mm.ErrUnknownOutcome, "", 1, 0},
		{"429 burst then success", []*mmtest.Fault{mmtest.RateLimited(0), mmtest.RateLimited(0)}, nil, "", 3, 1},
		{"429 beyond the attempts", []*mmtest.Fault{mmtest.RateLimited(0), mmtest.RateLimited(0), mmtest.RateLimited(0), mmtest.RateLimited(0)}, mm.ErrRateLimited, "", 4, 0},
		{"downstream unavailable then success", []*mmtest.Fault{mmtest.Code("GGATEWAY_CODE_012")}, nil, "", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t, nil, mm.WithRetryPolicy(fastRetries), mm.WithTimeout(attemptTimeout))
			_, err := c.Auth.Authorize(context.Background())
			require.NoError(t, err)
			srv.InjectFault(opRegister, tt.faults...)

			reg, err := c.Customers.Register(context.Background(), validParams())
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.NotEmpty(t, reg.CustomerNo)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
				if errors.Is(err, mm.ErrUnknownOutcome) {
					var u *mm.UnknownOutcomeError
					require.ErrorAs(t, err, &u)
					assert.NotEmpty(t, u.Trace, "the trace to reconcile by")
					assert.Equal(t, opRegister, u.Operation)
				}
				if tt.wantReason != "" {
					var rerr *mm.ResponseError
					require.ErrorAs(t, err, &rerr)
					assert.Equal(t, tt.wantReason, rerr.Reason)
				}
			}
			assert.Equal(t, tt.wantRequests, srv.Requests(opRegister), "requests")
			assert.Equal(t, tt.wantActed, srv.Acted(opRegister), "times the server acted")
			assert.LessOrEqual(t, len(srv.Customers()), 1, "never two customers")
		})
	}
}

func TestWriteRetriedWhenNeverSent(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: the connection is refused before anything
	// is sent, so even a write may be tried again.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	c, err := mm.NewClient(mm.WithBaseURL("http://"+addr+"/openapi-b"), mm.WithCompanyID("1"), mm.WithToken("t"), mm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	var resp mm.Response
	_, err = c.Customers.Register(context.Background(), validParams(), mm.WithResponseInto(&resp))
	var terr *mm.TransportError
	require.ErrorAs(t, err, &terr)
	assert.False(t, errors.Is(err, mm.ErrUnknownOutcome), "nothing was sent: the outcome is known")
	assert.Equal(t, 4, resp.Attempts)
}

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil, mm.WithRetryPolicy(mm.NoRetries))
	srv.InjectFault(opRegister, mmtest.RateLimited(30))
	_, err := c.Customers.Register(context.Background(), validParams())
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 429, apiErr.HTTPStatus)
	require.NotNil(t, apiErr.RateLimit)
	assert.Equal(t, 300, apiErr.RateLimit.Limit)
	assert.Equal(t, 0, apiErr.RateLimit.Remaining, "from the misspelled x-ratelimit-remairing")
	assert.Equal(t, 30*time.Second, apiErr.RateLimit.Reset)
	rl, ok := c.RateLimit(opRegister)
	require.True(t, ok)
	assert.Equal(t, 300, rl.Limit)
}

func TestRateLimitWaitRespectsBudget(t *testing.T) {
	t.Parallel()
	// The server says the window resets in 60 s; the policy allows 1 s in
	// retries: the call gives up at once with the rate-limit error.
	srv, c := newFake(t, nil, mm.WithRetryPolicy(mm.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Second}))
	srv.InjectFault(opRegister, mmtest.RateLimited(60))
	_, err := c.Customers.Register(context.Background(), validParams())
	assert.ErrorIs(t, err, mm.ErrRateLimited)
	// Had it waited for the reset, the retry would have succeeded (only one
	// fault is queued).
	assert.Equal(t, 1, srv.Requests(opRegister))
}

// answerRead closes read when the client has read and closed the body of
// its first answer after arming: from then on it is deciding whether and
// when to retry.
type answerRead struct {
	rt    http.RoundTripper
	armed atomic.Bool
	once  sync.Once
	read  chan struct{}
}

func newAnswerRead() *answerRead {
	return &answerRead{rt: mm.DefaultTransportForTest(), read: make(chan struct{})}
}

func (a *answerRead) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.rt.RoundTrip(r)
	if err == nil && a.armed.Load() {
		resp.Body = &notifyClose{ReadCloser: resp.Body, f: func() { a.once.Do(func() { close(a.read) }) }}
	}
	return resp, err
}

type notifyClose struct {
	io.ReadCloser
	f func()
}

func (n *notifyClose) Close() error {
	err := n.ReadCloser.Close()
	n.f()
	return err
}

// cancelOnceRead cancels ctx when a's first answer has been read, or fails
// the test if it never is.
func cancelOnceRead(t *testing.T, a *answerRead, cancel context.CancelFunc) {
	go func() {
		select {
		case <-a.read:
		case <-time.After(time.Minute):
			t.Error("no answer read")
		}
		cancel()
	}()
}

func TestCancellationBetweenRetries(t *testing.T) {
	t.Parallel()
	ar := newAnswerRead()
	srv, c := newFake(t, nil, mm.WithRetryPolicy(mm.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: 2 * time.Hour}),
		mm.WithTransport(ar))
	_, err := c.Auth.Authorize(context.Background()) // the next answer is the register's
	require.NoError(t, err)
	srv.InjectFault(opRegister, mmtest.RateLimited(3600))
	ar.armed.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelOnceRead(t, ar, cancel)
	_, err = c.Customers.Register(ctx, validParams())
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, mm.ErrRateLimited, "the last server answer is kept")
	assert.False(t, errors.Is(err, mm.ErrUnknownOutcome), "a 429 means the server did not act")
}

// TestCancelledWhileWaitingAfterARefusal: a write refused by a proxy's HTML
// 429 before it reached the server, then cancelled while waiting to retry,
// is not reported as an unknown outcome.
func TestCancelledWhileWaitingAfterARefusal(t *testing.T) {
	t.Parallel()
	ar := newAnswerRead()
	srv, c := newFake(t, nil, mm.WithRetryPolicy(mm.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: 2 * time.Hour}),
		mm.WithTransport(ar))
	_, err := c.Auth.Authorize(context.Background())
	require.NoError(t, err)
	srv.InjectFault(opRegister, mmtest.EmptyStatus(429))
	ar.armed.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelOnceRead(t, ar, cancel)
	_, err = c.Customers.Register(ctx, validParams())
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, mm.ErrRateLimited)
	assert.False(t, errors.Is(err, mm.ErrUnknownOutcome))
	assert.Zero(t, srv.Acted(opRegister))
}

// TestSuccessWithoutData: a lookup answered with success but null data is a
// *ResponseError that keeps the trace and status and matches ErrNotFound.
func TestSuccessWithoutData(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`null`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Trading.GetDeal(context.Background(), &mm.DealByIDParams{DealID: 7})
	var rerr *mm.ResponseError
	require.ErrorAs(t, err, &rerr)
	assert.ErrorIs(t, err, mm.ErrNotFound)
	assert.Equal(t, "success without a deal", rerr.Reason)
	assert.Equal(t, 200, rerr.HTTPStatus)
	assert.Equal(t, rec.requests[0].Header.Get("trace"), rerr.Trace)
}

func TestBonusWithoutResultIsUnknown(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`null`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Bonuses.Issue(context.Background(), &mm.BonusParams{CustomerNo: "86021976",
		ActivityID: "a-1", Currency: "USDT", Amount: mm.MustDecimal("5")})
	var u *mm.UnknownOutcomeError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, rec.requests[0].Header.Get("trace"), u.Trace)
	assert.Equal(t, 1, rec.count())
}

// TestWriteWithUnreadableDataIsUnknown: code "0" means the server acted;
// data that does not decode must not look like a failure to retry.
func TestWriteWithUnreadableDataIsUnknown(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`{"customerNo":"86021976"}`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	assert.ErrorIs(t, err, mm.ErrUnknownOutcome)
	assert.ErrorIs(t, err, mm.ErrBadResponse)
	assert.Equal(t, 1, rec.count())
}

// TestAfterEffectCodesAreUnknownForWrites: a downstream failure or any
// error envelope with HTTP 5xx leaves a write's outcome open.
func TestAfterEffectCodesAreUnknownForWrites(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
	}{{200, "GGATEWAY_CODE_011"}, {200, "GGATEWAY_CODE_013"}, {200, "G500"}, {504, "USCUSTOMER_API_0000106"},
		// The system errors of the client error page and the OpenAPI examples.
		{200, "US500"}, {200, "E00003"}, {200, "500"}, {200, "300"}} {
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, `{"code":"`+tc.code+`","msg":"x","trace":"`+r.Header.Get("trace")+`"}`)
		})
		c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"), mm.WithRetryPolicy(fastRetries))
		require.NoError(t, err)
		_, err = c.Customers.Register(context.Background(), validParams())
		assert.ErrorIs(t, err, mm.ErrUnknownOutcome, tc.code)
		assert.True(t, mm.IsCode(err, mm.ErrorCode(tc.code)))
		assert.Equal(t, 1, rec.count(), "never resent")
	}
}

// TestSecretsStayOutOfErrors: a cut-off or mis-shaped authorization answer
// must not put the token or appSecret into the error or the logs.
func TestSecretsStayOutOfErrors(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"code":"0","data":{"token":"SECRET-TOKEN-123","appSecret":"THE-APP-SECRET","tradeTypeList":"1,5"}}`,
		`{"code":"0","data":{"token":"SECRET-TOKEN-123","appSecret":"THE-APP-SECRET","na`,
	} {
		var buf syncBuffer
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
		c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithAppCredentials("id", "THE-APP-SECRET"),
			mm.WithRetryPolicy(mm.NoRetries), mm.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		require.NoError(t, err)
		_, err = c.Auth.Authorize(context.Background())
		require.Error(t, err)
		for _, secret := range []string{"SECRET-TOKEN-123", "THE-APP-SECRET"} {
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, buf.String(), secret)
		}
	}
}
