package multimarkets_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestRegisterSendsDocumentedRequest(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`"86021976"`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL+"/openapi-b"), mm.WithCompanyID("10086"), mm.WithToken("tok-1"),
		mm.WithLanguage("en-US"), mm.WithUserAgent("acme-broker/2.0"))
	require.NoError(t, err)

	before := time.Now().UnixMilli()
	reg, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
	assert.Equal(t, "86021976", reg.CustomerNo)

	require.Equal(t, 1, rec.count())
	r := rec.requests[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/openapi-b/customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc", r.URL.Path)
	assert.Equal(t, reg.Trace, r.Header.Get("trace"))
	assert.Len(t, r.Header.Get("trace"), 36, "a UUID")
	assert.Equal(t, "10086", r.Header.Get("companyId"))
	assert.Equal(t, "tok-1", r.Header.Get("token"))
	assert.Equal(t, "0.0.1", r.Header.Get("version"))
	assert.Equal(t, "en-US", r.Header.Get("lang"))
	assert.Empty(t, r.Header.Get("group"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, "acme-broker/2.0 multimarkets-go/"+mm.Version, r.Header.Get("User-Agent"))
	ts, err := strconv.ParseInt(r.Header.Get("timestamp"), 10, 64)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, ts, before)
	assert.LessOrEqual(t, ts, time.Now().UnixMilli())

	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.bodies[0], &body))
	assert.Equal(t, map[string]any{
		"phone": "13800138000", "phoneArea": "+86", "pwd": "dc483e80a7a0bd9ef71d8cf973673924", "country": "CN",
		"registerSource": float64(1), "customerGroupId": float64(1),
		"tradeTypeCurrencyList": []any{map[string]any{"allCurrency": "USDT", "tradeType": "1"}},
	}, body)
}

func TestTraceIsUniqueAndOverridable(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`"1"`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		reg, err := c.Customers.Register(context.Background(), validParams())
		require.NoError(t, err)
		assert.False(t, seen[reg.Trace], "trace repeated")
		seen[reg.Trace] = true
	}
	var resp mm.Response
	reg, err := c.Customers.Register(context.Background(), validParams(), mm.WithTrace("order-4711"), mm.WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, "order-4711", reg.Trace)
	assert.Equal(t, "order-4711", resp.Trace)
	assert.Equal(t, "order-4711", resp.ServerTrace)
	assert.Equal(t, 200, resp.HTTPStatus)
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, 3*time.Millisecond, resp.ServerTime)
}

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	base := []mm.Option{mm.WithBaseURL("http://127.0.0.1:1/openapi-b"), mm.WithCompanyID("1"), mm.WithToken("t")}
	bare := []mm.Option{mm.WithBaseURL("http://127.0.0.1:1/openapi-b"), mm.WithCompanyID("1")}
	tests := []struct {
		name  string
		opts  []mm.Option
		field string
	}{
		{"no base URL", []mm.Option{mm.WithCompanyID("1")}, "WithBaseURL"},
		{"relative base URL", []mm.Option{mm.WithBaseURL("/openapi-b"), mm.WithCompanyID("1")}, "WithBaseURL"},
		{"ftp base URL", []mm.Option{mm.WithBaseURL("ftp://x/openapi-b"), mm.WithCompanyID("1")}, "WithBaseURL"},
		{"base URL with query", []mm.Option{mm.WithBaseURL("http://x/openapi-b?a=1"), mm.WithCompanyID("1")}, "WithBaseURL"},
		{"no company", []mm.Option{mm.WithBaseURL("http://x")}, "WithCompanyID"},
		{"company not a number", []mm.Option{mm.WithBaseURL("http://x"), mm.WithCompanyID("acme")}, "WithCompanyID"},
		{"empty token", append(bare, mm.WithToken("")), "WithToken"},
		{"token and app", append(bare, mm.WithToken("t"), mm.WithAppCredentials("a", "s")), "WithToken/WithAppCredentials/WithTokenSource"},
		{"empty app secret", append(bare, mm.WithAppCredentials("a", "")), "WithAppCredentials"},
		{"no credentials", bare, "WithToken/WithAppCredentials/WithTokenSource"},
		{"without credentials and a token", append(base, mm.WithoutCredentials()), "WithoutCredentials"},
		{"zero timeout", append(base, mm.WithTimeout(0)), "WithTimeout"},
		{"nil http client", append(base, mm.WithHTTPClient(nil)), "WithHTTPClient"},
		{"client and transport", append(base, mm.WithHTTPClient(http.DefaultClient), mm.WithTransport(http.DefaultTransport)), "WithHTTPClient/WithTransport"},
		{"bad retry policy", append(base, mm.WithRetryPolicy(mm.RetryPolicy{})), "WithRetryPolicy"},
		{"bad public key", append(base, mm.WithEncryption("not a key")), "WithEncryption"},
		{"bad rate limit", append(base, mm.WithRateLimit(0, 1)), "WithRateLimit"},
	}
	if strconv.IntSize == 64 { // an int cannot hold these elsewhere
		overOnePerNanosecond := int64(time.Minute) + 1
		tests = append(tests, []struct {
			name  string
			opts  []mm.Option
			field string
		}{
			{"rate limit above one per nanosecond", append(base, mm.WithRateLimit(int(overOnePerNanosecond), 1)), "WithRateLimit"},
			{"huge rate limit", append(base, mm.WithRateLimit(math.MaxInt, math.MaxInt)), "WithRateLimit"},
		}...)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mm.NewClient(tt.opts...)
			var verr *mm.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tt.field, verr.Field)
			assert.ErrorIs(t, err, mm.ErrValidation)
		})
	}
	c, err := mm.NewClient(append(base, mm.WithBaseURL("https://x.example/openapi-b/"))...)
	require.NoError(t, err)
	assert.Equal(t, "https://x.example/openapi-b", c.BaseURL(), "trailing slash trimmed")
}

func TestCustomTransportIsUsed(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	var n int
	var mu sync.Mutex
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		n++
		mu.Unlock()
		return testTransport.RoundTrip(r)
	})
	c := fakeClient(t, srv, mm.WithToken(srv.Token), mm.WithTransport(rt))
	_, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOversizedAnswer(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, okAnswer(`"`+string(make([]byte, 0))+`12345678901234567890"`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"), mm.WithMaxResponseBytes(64))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	var rerr *mm.ResponseError
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "body larger than 64 bytes", rerr.Reason)
	assert.ErrorIs(t, err, mm.ErrUnknownOutcome, "a write whose answer cannot be read has an unknown outcome")
	assert.Equal(t, 1, rec.count())
}

func TestErrorsKeepServerDetails(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"msg":"Mobile number already exist","fail":true,"trace":"srv-trace-1","code":"USCUSTOMER_API_0000106","data":null,"bizCode":"customer","tm":5,"msgParams":null,"ok":false}`)
	})
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, mm.CodeUSCUSTOMER_API_0000106, apiErr.Code)
	assert.Equal(t, "Mobile number already exist", apiErr.Message)
	assert.Equal(t, "srv-trace-1", apiErr.Trace)
	assert.Equal(t, "customer", apiErr.BizCode)
	assert.Equal(t, 200, apiErr.HTTPStatus)
	assert.Equal(t, "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc", apiErr.Operation)
	assert.True(t, errors.Is(err, mm.ErrDuplicatePhone))
	assert.Equal(t, 1, rec.count(), "a refusal is not retried")
}

func TestNewClientRequiresCredentials(t *testing.T) {
	t.Parallel()
	base := []mm.Option{mm.WithBaseURL("https://x.example/openapi-b"), mm.WithCompanyID("1")}
	_, err := mm.NewClient(base...)
	var verr *mm.ValidationError
	require.ErrorAs(t, err, &verr)
	require.EqualError(t, err, "multimarkets: invalid WithToken/WithAppCredentials/WithTokenSource: "+
		"give one, or WithoutCredentials for a client that calls only operations that need no token")
	c, err := mm.NewClient(append(base, mm.WithoutCredentials())...)
	require.NoError(t, err)
	assert.Contains(t, c.String(), "auth: none")
}

// TestFastestRateLimitDoesNotSpin: the largest rate accepted (one request
// per nanosecond) still lets calls through; the deadline only guards
// against a hang.
func TestFastestRateLimitDoesNotSpin(t *testing.T) {
	t.Parallel()
	fastest := int64(time.Minute)
	if strconv.IntSize < 64 {
		fastest = math.MaxInt32 // an int holds no more there
	}
	_, c := newFake(t, nil, mm.WithRateLimit(int(fastest), 1))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for i := 0; i < 5; i++ {
		_, err := c.Products.ListGroups(ctx)
		require.NoError(t, err)
	}
}
