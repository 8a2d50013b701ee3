package multimarkets_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSecretsStayOutOfLogs runs authorization, plain and encrypted
// registrations, a refusal, a token renewal and faults with a debug logger
// and body logging on, then looks for every secret in the output.
func TestSecretsStayOutOfLogs(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, encrypt := range []bool{false, true} {
		opts := []mm.Option{mm.WithLogger(logger), mm.WithBodyLogging(), mm.WithRetryPolicy(fastRetries)}
		if encrypt {
			opts = append(opts, mm.WithEncryption(""))
		}
		srv, c := newFake(t, nil, opts...)
		ctx := context.Background()
		a, err := c.Auth.Authorize(ctx)
		require.NoError(t, err)
		p := validParams()
		p.Email = "jane.doe@example.com"
		_, err = c.Customers.Register(ctx, p)
		require.NoError(t, err)
		_, err = c.Customers.Register(ctx, p) // duplicate: a logged failure
		require.Error(t, err)
		srv.ExpireTokens()
		p.Phone, p.Email = "13911112222", "john.roe@example.com"
		srv.InjectFault(opRegister, mmtest.GatewayHTML(502))
		_, _ = c.Customers.Register(ctx, p)

		out := buf.String()
		require.Contains(t, out, "multimarkets request")
		require.Contains(t, out, `"attempt":1`)
		for name, secret := range map[string]string{
			"token": a.Token, "static token": srv.Token, "app secret": srv.AppSecret, "password hash": "dc483e80a7a0bd9ef71d8cf973673924",
			"phone": "13800138000", "phone 2": "13911112222", "email": "jane.doe@example.com", "public key": srv.PublicKey[:40],
		} {
			assert.NotContains(t, out, secret, "%s in the logs (encrypt=%v)", name, encrypt)
		}
		assert.Contains(t, out, "********000", "masked phone")
		assert.Contains(t, out, "j***@example.com", "masked e-mail")
	}
}

func TestSecretsStayOutOfStrings(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv, mm.WithAppCredentials(srv.AppID, srv.AppSecret))
	c2 := fakeClient(t, srv, mm.WithToken(srv.Token))
	p := validParams()
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "client", c, "client2", c2, "params", p, "password", p.Password,
		"token", mm.StaticToken(srv.Token))
	all := strings.Join([]string{
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprintf("%v %+v %#v", c2, c2, c2),
		fmt.Sprintf("%v %+v %#v", p, p, p), fmt.Sprintf("%v %+v %#v %s", p.Password, p.Password, p.Password, p.Password),
		fmt.Sprintf("%v %#v", mm.StaticToken(srv.Token), mm.StaticToken(srv.Token)), logged.String(),
	}, "\n")
	for _, secret := range []string{srv.AppSecret, srv.Token, "dc483e80a7a0bd9ef71d8cf973673924", "a123456", "13800138000"} {
		assert.NotContains(t, all, secret)
	}
	login := mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000", Password: mm.PlainPassword("a123456")}
	code := mm.CodeStatusParams{ToUser: "13800138000", Code: "493817", SendToken: "st-secret"}
	more := fmt.Sprintf("%v %+v %#v %v %+v %#v", login, login, login, code, code, code)
	for _, secret := range []string{"13800138000", "dc483e80a7a0bd9ef71d8cf973673924", "493817", "st-secret"} {
		assert.NotContains(t, more, secret)
	}
	assert.Contains(t, all, "[REDACTED]")
}

func TestTokensHiddenInResults(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	a, err := c.Auth.Authorize(ctx)
	require.NoError(t, err)
	link, err := c.Embed.Open(ctx, &mm.EmbedParams{Customer: *validParams(), TradingURL: "https://t.example/"})
	require.NoError(t, err)
	login, err := c.Embed.Login(ctx, &mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000", PhoneArea: "+86", Device: mm.SourceH5, Password: mm.PlainPassword("a123456")})
	require.NoError(t, err)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "auth", a, "authv", *a, "link", link, "login", *login)
	out := fmt.Sprintf("%v %+v %#v %v %+v %#v %v %+v %#v %v %+v %#v", a, *a, *a, link, *link, *link, login, *login, *login, *a, link, login) + logged.String()
	assert.NotContains(t, out, a.Token)
	assert.NotContains(t, out, login.Token)
	assert.NotContains(t, out, link.URL)
	_ = srv
}

// TestServerAnswersAreRedactedInErrorsAndLogs: an authorization answer the
// SDK cannot read is quoted in the error and the Warn log only redacted,
// whatever its shape (BOM before JSON, form-encoded, plain text), and a
// proxy's HTML page only by its title; body logging is off.
func TestServerAnswersAreRedactedInErrorsAndLogs(t *testing.T) {
	t.Parallel()
	const token, secret = "TOKEN-6f1c2a9e44b0", "APPSECRET-77aa11bb"
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
	}{
		{"BOM before JSON on 502", 502, "application/json", "\xef\xbb\xbf" + `{"code":"0","data":{"token":"` + token + `","appSecret":"` + secret + `"}}`, "[REDACTED]"},
		{"form-encoded", 200, "application/x-www-form-urlencoded", "code=0&token=" + token + "&appSecret=" + secret, "token=[REDACTED]"},
		{"plain text", 500, "text/plain", "upstream said token=" + token + " appSecret: " + secret, "upstream said"},
		{"proxy HTML", 503, "text/html", `<html><head><title>503 Service Temporarily Unavailable</title></head><body><pre>` + token + " " + secret + `</pre></body></html>`, "HTML page titled: 503 Service Temporarily Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			var buf syncBuffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithAppCredentials("app", secret),
				mm.WithLogger(logger), mm.WithRetryPolicy(fastRetries))
			require.NoError(t, err)
			_, err = c.Auth.Authorize(context.Background())
			require.Error(t, err)
			for _, out := range []string{err.Error(), fmt.Sprintf("%+v", err), buf.String()} {
				assert.NotContains(t, out, token)
				assert.NotContains(t, out, secret)
				assert.NotContains(t, out, "<pre>")
			}
			assert.Contains(t, buf.String(), tt.want)
		})
	}
}
