package multimarkets_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// testTransport is the transport of tests that need one of their own: not
// http.DefaultTransport, whose idle connections every httptest.Server.Close
// of a parallel test closes, which breaks a POST about to reuse one
// ("http: CloseIdleConnections called") and makes a write an unknown outcome.
var testTransport = http.DefaultTransport.(*http.Transport).Clone()

// The fixtures of the package's tests: the fake server with a client
// (newFake, fakeClient), servers with canned answers (envelopeServer,
// newRecorder) and shared inputs.

// newFake starts the fake server with srvOpts and returns it with a client
// authorized with its app credentials (the client renews expired tokens);
// opts are added to the client's options.
func newFake(t testing.TB, srvOpts []mmtest.Option, opts ...mm.Option) (*mmtest.Server, *mm.Client) {
	t.Helper()
	srv := mmtest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	return srv, fakeClient(t, srv, append([]mm.Option{mm.WithAppCredentials(srv.AppID, srv.AppSecret)}, opts...)...)
}

// fakeClient is another client of srv: its URL and company ID, then opts
// (which may change the company ID). Without a token option it has no token;
// mm.WithToken(srv.Token) gives it the fake's fixed token, which expires
// with srv.ExpireTokens and is not renewed.
func fakeClient(t testing.TB, srv *mmtest.Server, opts ...mm.Option) *mm.Client {
	t.Helper()
	c, err := mm.NewClient(append([]mm.Option{mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID)}, opts...)...)
	require.NoError(t, err)
	return c
}

// register makes a customer through the API and returns its number.
func register(t testing.TB, c *mm.Client, phone string, accts ...mm.TradeTypeCurrency) string {
	t.Helper()
	reg, err := c.Customers.Register(context.Background(), &mm.RegisterParams{
		Phone: phone, PhoneArea: "+44", Email: "c" + phone + "@example.com", Password: mm.PlainPassword("a123456"),
		Country: "GB", Source: mm.SourceSystem, CustomerGroupID: 1, TradeTypeCurrencies: accts,
	})
	require.NoError(t, err)
	return reg.CustomerNo
}

// envelopeServer answers every request with a success envelope carrying
// data, to feed the SDK the spec's example payloads.
func envelopeServer(t *testing.T, data string) *mm.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"msg":"Success","fail":false,"trace":%q,"code":"0","data":%s,"bizCode":"","tm":3,"msgParams":null,"ok":true}`,
			r.Header.Get("trace"), data)
	}))
	t.Cleanup(hs.Close)
	c, err := mm.NewClient(mm.WithBaseURL(hs.URL), mm.WithCompanyID("10086"), mm.WithToken("t"))
	require.NoError(t, err)
	return c
}

// wantAPICode fails the test unless err is an *APIError with code.
func wantAPICode(t *testing.T, err error, code mm.ErrorCode) {
	t.Helper()
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, code, apiErr.Code, "err = %v", err)
}

// recorder is an httptest server that records requests and answers with a
// fixed body.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
	answer   func(w http.ResponseWriter, r *http.Request)
	srv      *httptest.Server
}

// newRecorder starts a recorder that answers with answer.
func newRecorder(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *recorder {
	rec := &recorder{answer: answer}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.requests = append(rec.requests, r.Clone(context.Background()))
		rec.bodies = append(rec.bodies, b)
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b)) // the answer may read it too
		rec.answer(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.requests)
}

// okAnswer answers with a success envelope carrying data.
func okAnswer(data string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"msg":"Success","fail":false,"trace":"`+r.Header.Get("trace")+`","code":"0","data":`+data+`,"bizCode":"","tm":3,"msgParams":null,"ok":true}`)
	}
}

// validParams is a registration the fake accepts.
func validParams() *mm.RegisterParams {
	return &mm.RegisterParams{
		Phone: "13800138000", PhoneArea: "+86", Password: mm.PlainPassword("a123456"),
		Country: "CN", Source: mm.SourceH5, CustomerGroupID: 1,
		TradeTypeCurrencies: []mm.TradeTypeCurrency{{TradeType: mm.TradeTypeCrossContract, Currency: "USDT"}},
	}
}
