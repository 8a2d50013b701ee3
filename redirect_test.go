package multimarkets_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// sink is a server that must never be reached: it records whatever arrives.
type sink struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string // method, URL, token header and body of each request
}

func newSink(t *testing.T) *sink {
	s := &sink{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.seen = append(s.seen, r.Method+" "+r.URL.String()+" token="+r.Header.Get("token")+" body="+string(b))
		s.mu.Unlock()
		_, _ = io.WriteString(w, `{"code":"0","data":{"token":"stolen"}}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// TestRedirectsAreNotFollowed: whatever the status, the scheme or the
// caller's own CheckRedirect, no request (token header, appSecret body,
// market query token, password hash) reaches the redirect's target, the
// error names the status and the target host without path or query, a
// redirect is not retried, and for a write it is a definite refusal on
// 307/308 and an unknown outcome otherwise.
func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	const secret, token = "app-secret-value", "token-value"
	calls := []struct {
		name  string
		write bool
		run   func(c *mm.Client) error
	}{
		{"authorize", false, func(c *mm.Client) error { _, err := c.Auth.Authorize(context.Background()); return err }},
		{"register", true, func(c *mm.Client) error {
			_, err := c.Customers.Register(context.Background(), validParams())
			return err
		}},
		{"client login", false, func(c *mm.Client) error {
			_, err := c.Embed.Login(context.Background(), &mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000",
				PhoneArea: "+86", Device: mm.SourceH5, Password: mm.PlainPassword("a123456")})
			return err
		}},
		{"market query", false, func(c *mm.Client) error {
			_, err := c.Market.ListDepthTicks(context.Background(), &mm.TicksParams{Codes: []string{"GBPJPY"}})
			return err
		}},
	}
	clients := []struct {
		name string
		tls  bool
		opt  func(srv *httptest.Server) mm.Option
	}{
		{"default client", false, func(*httptest.Server) mm.Option { return mm.WithTimeout(mm.DefaultTimeout) }},
		{"caller's client that follows everything", false, func(*httptest.Server) mm.Option {
			return mm.WithHTTPClient(&http.Client{Transport: testTransport.Clone(), CheckRedirect: func(*http.Request, []*http.Request) error { return nil }})
		}},
		{"https to http", true, func(srv *httptest.Server) mm.Option { return mm.WithHTTPClient(srv.Client()) }},
		{"caller's transport", false, func(*httptest.Server) mm.Option { return mm.WithTransport(testTransport.Clone()) }},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, cl := range clients {
			for _, call := range calls {
				t.Run(http.StatusText(status)+"/"+cl.name+"/"+call.name, func(t *testing.T) {
					t.Parallel()
					evil := newSink(t)
					var mu sync.Mutex
					n := 0
					h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						mu.Lock()
						n++
						mu.Unlock()
						http.Redirect(w, r, evil.srv.URL+"/steal/"+r.URL.Path+"?"+r.URL.RawQuery, status)
					})
					var api *httptest.Server
					if cl.tls {
						api = httptest.NewTLSServer(h)
					} else {
						api = httptest.NewServer(h)
					}
					t.Cleanup(api.Close)
					auth := mm.WithToken(token)
					if call.name == "authorize" {
						auth = mm.WithAppCredentials("app", secret)
					}
					c, err := mm.NewClient(mm.WithBaseURL(api.URL+"/openapi-b"), mm.WithCompanyID("1"), auth,
						mm.WithRetryPolicy(fastRetries), cl.opt(api))
					require.NoError(t, err)

					err = call.run(c)
					require.Error(t, err)
					assert.Empty(t, evil.requests(), "the redirect target received a request")
					mu.Lock()
					assert.Equal(t, 1, n, "a redirect is not retried")
					mu.Unlock()

					var rerr *mm.ResponseError
					require.ErrorAs(t, err, &rerr)
					assert.Equal(t, status, rerr.HTTPStatus)
					u, _ := url.Parse(evil.srv.URL)
					assert.Contains(t, err.Error(), "redirect (HTTP ")
					assert.Contains(t, err.Error(), u.Host, "the error names the target host")
					assert.NotContains(t, err.Error(), "steal", "no path of the target")
					assert.NotContains(t, err.Error(), token)
					assert.NotContains(t, err.Error(), secret)
					assert.ErrorIs(t, err, mm.ErrBadResponse)
					if call.write {
						definite := status == 307 || status == 308
						assert.Equal(t, !definite, errors.Is(err, mm.ErrUnknownOutcome),
							"307/308: the server did not act; other 3xx after a write: it may have")
					} else {
						assert.NotErrorIs(t, err, mm.ErrUnknownOutcome)
					}
				})
			}
		}
	}
}

// TestSameHostRedirectIsNotFollowed: the SDK follows no redirect, not even
// to another path on the configured host.
func TestSameHostRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		http.Redirect(w, r, "/elsewhere?token=abc", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(api.Close)
	c, err := mm.NewClient(mm.WithBaseURL(api.URL+"/openapi-b"), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	require.ErrorIs(t, err, mm.ErrBadResponse)
	assert.NotErrorIs(t, err, mm.ErrUnknownOutcome)
	assert.NotContains(t, err.Error(), "token=abc")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, paths, 1)
	assert.False(t, strings.Contains(paths[0], "elsewhere"))
}

// TestCallerClientIsNotChanged: the SDK installs its redirect policy on a
// copy, leaving the caller's http.Client as it was.
func TestCallerClientIsNotChanged(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	_, err := mm.NewClient(mm.WithBaseURL("http://127.0.0.1:1/openapi-b"), mm.WithCompanyID("1"), mm.WithToken("t"), mm.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect)
	assert.Nil(t, hc.Transport)
}

// TestPlainHTTPNeedsOptIn: an http:// base URL to a host that is not
// loopback is refused unless WithInsecureHTTP is given.
func TestPlainHTTPNeedsOptIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   []mm.Option
		refuse string // the option named in the error; "" means accepted
	}{
		{"remote http", []mm.Option{mm.WithBaseURL("http://api.example.com/openapi-b")}, "WithBaseURL"},
		{"remote http IP", []mm.Option{mm.WithBaseURL("http://10.0.0.1/openapi-b")}, "WithBaseURL"},
		{"remote http client API", []mm.Option{mm.WithBaseURL("https://api.example.com/openapi-b"), mm.WithClientBaseURL("http://api.example.com/api")}, "WithClientBaseURL"},
		{"remote http, opted in", []mm.Option{mm.WithBaseURL("http://api.example.com/openapi-b"), mm.WithInsecureHTTP()}, ""},
		{"https", []mm.Option{mm.WithBaseURL("https://api.example.com/openapi-b")}, ""},
		{"127.0.0.1", []mm.Option{mm.WithBaseURL("http://127.0.0.1:8080/openapi-b")}, ""},
		{"127.1.2.3", []mm.Option{mm.WithBaseURL("http://127.1.2.3/openapi-b")}, ""},
		{"::1", []mm.Option{mm.WithBaseURL("http://[::1]:8080/openapi-b")}, ""},
		{"localhost", []mm.Option{mm.WithBaseURL("http://localhost:8080/openapi-b")}, ""},
		{"localhost lookalike", []mm.Option{mm.WithBaseURL("http://localhost.evil.example/openapi-b")}, "WithBaseURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mm.NewClient(append(tt.opts, mm.WithCompanyID("1"), mm.WithToken("t"))...)
			if tt.refuse == "" {
				require.NoError(t, err)
				return
			}
			var verr *mm.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tt.refuse, verr.Field)
		})
	}
}

// TestHeaderOptionsRefuseUnsendableValues: values net/http cannot send are
// refused at NewClient (naming the option) or before sending, not retried.
func TestHeaderOptionsRefuseUnsendableValues(t *testing.T) {
	t.Parallel()
	base := []mm.Option{mm.WithBaseURL("http://127.0.0.1:1/openapi-b"), mm.WithCompanyID("1")}
	for _, tt := range []struct {
		field string
		opt   mm.Option
	}{
		{"WithLanguage", mm.WithLanguage("en-US\r\nX-Evil: 1")},
		{"WithLanguage", mm.WithLanguage("en\n")},
		{"WithUserAgent", mm.WithUserAgent("acme\r\nX-Evil: 1")},
		{"WithUserAgent", mm.WithUserAgent("acme\x00")},
		{"WithUserAgent", mm.WithUserAgent("acmé")},
		{"WithAPIVersion", mm.WithAPIVersion("0.0.1\r")},
	} {
		_, err := mm.NewClient(append(base, tt.opt)...)
		var verr *mm.ValidationError
		require.ErrorAs(t, err, &verr, tt.field)
		assert.Equal(t, tt.field, verr.Field)
	}

	rec := newRecorder(t, okAnswer(`{}`))
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams(), mm.WithTrace("order\r\n42"))
	var verr *mm.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "WithTrace", verr.Field)

	c, err = mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithTokenSource(mm.StaticToken("tok\r\nen")))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "tok\r\nen")
	assert.Equal(t, 0, rec.count(), "nothing was sent")
}
