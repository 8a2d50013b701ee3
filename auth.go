package multimarkets

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// TokenSource supplies the token sent in the token header. Implement it to
// share one token between processes (e.g. from a cache); implement
// TokenRefresher too so the client can ask for a new one when the server
// says the token expired.
type TokenSource interface {
	// Token returns the current token.
	Token(ctx context.Context) (string, error)
}

// TokenRefresher is a TokenSource that can renew its token. The client calls
// Refresh with the token the server refused; an implementation should
// return the current token if it is already newer than stale, so that many
// callers that saw the same expiry cause one renewal.
type TokenRefresher interface {
	TokenSource
	Refresh(ctx context.Context, stale string) (string, error)
}

// StaticToken is a TokenSource that always returns the same token. It never
// prints the token.
func StaticToken(token string) TokenSource { return &staticToken{hidden(token)} }

// staticToken keeps the token in a function, so that fmt prints it as an
// address even where it cannot call the Format method (a nested value
// under a bad verb).
type staticToken struct{ token func() string }

func (t *staticToken) Token(context.Context) (string, error) {
	if t.token == nil || t.token() == "" {
		return "", errNoToken
	}
	return t.token(), nil
}
func (t *staticToken) String() string                { return "StaticToken(" + redacted + ")" }
func (t *staticToken) GoString() string              { return t.String() }
func (t *staticToken) LogValue() slog.Value          { return slog.StringValue(t.String()) }
func (t *staticToken) Format(f fmt.State, verb rune) { redact.Format(f, verb, t.String()) }

// AuthService exchanges the company's appId and appSecret for a token
// (admin.admin.CompanyAuthDubboService.auth).
type AuthService service

// Authorization is the result of authorizing: the token for later calls, the
// company's RSA public key for encrypted requests, and the company's facts.
// The answer's appSecret and other credentials the server echoes are not
// kept. String and LogValue hide the token.
type Authorization struct {
	// Token goes into the token header of later calls.
	Token string
	// PublicKey is the company's RSA public key (base64 X.509), used to
	// encrypt request bodies.
	PublicKey string
	// Company describes the white label.
	Company Company
	// Trace is the trace of the authorization request.
	Trace string
}

// String describes the authorization without the token.
func (a Authorization) String() string {
	return "Authorization{company: " + a.Company.Name + " (" + string(a.Company.ID) + "), token: " + redacted + "}"
}

// GoString is String, so %#v hides the token too.
func (a Authorization) GoString() string { return a.String() }

// LogValue logs the authorization without the token.
func (a Authorization) LogValue() slog.Value { return slog.StringValue(a.String()) }

// Format prints String under every fmt verb, so %d or %x cannot print the
// token either.
func (a Authorization) Format(f fmt.State, verb rune) { redact.Format(f, verb, a.String()) }

// Company is what authorization says about the white label.
type Company struct {
	// ID is the company ID (the companyId header).
	ID FlexString `json:"id"`
	// Code is the white-label code.
	Code string `json:"code"`
	// Name is the white label's name.
	Name string `json:"name"`
	// BizName is the business name.
	BizName string `json:"bizName"`
	// Type is "real" or "demo".
	Type string `json:"companyType"`
	// TimeZone is the default time zone offset in hours.
	TimeZone FlexInt64 `json:"timezone"`
	// Language is the default language, e.g. "en-US".
	Language string `json:"lang"`
	// Status is 1 enabled, 2 disabled, 3 deleted.
	Status FlexInt64 `json:"status"`
	// TradeTypes is the comma-separated list of trading modes, e.g. "1,5".
	TradeTypes string `json:"tradeTypes"`
	// TradeTypeList describes each enabled trading mode.
	TradeTypeList []TradeTypeInfo `json:"tradeTypeList"`
	// Domain is the white label's domain.
	Domain string `json:"domain"`
	// CustomerNoStart is the start of the company's customer-number range
	// (wire startNumber).
	CustomerNoStart FlexInt64 `json:"startNumber"`
	CustomerNoEnd   FlexInt64 `json:"endNumber"` // end of the company's customer-number range (wire endNumber)
	// AppID is the authorization ID the token was issued for.
	AppID string `json:"appId"`
}

// TradeTypeInfo names one trading mode.
type TradeTypeInfo struct {
	ID   FlexString `json:"id"`   // the trading mode's ID (a string in the schema)
	Code string     `json:"code"` // the trading mode's code
	Name string     `json:"name"` // the trading mode's human-readable name
}

type authData struct {
	Company
	Token     string `json:"token"`
	PublicKey string `json:"publicKey"`
}

var opAuthorize = defineOp(&operation{
	Name: "admin.admin.CompanyAuthDubboService.auth", Path: "auth/admin.admin.CompanyAuthDubboService.auth",
	NoToken: true, Plain: true,
	// Resending only issues another token.
	ReadOnly: true,
})

// Authorize exchanges the app credentials given with WithAppCredentials for
// a token and the company's facts. Clients configured with app credentials
// call it by themselves when they need a token; call it directly to check
// credentials at start-up or to read the company's facts.
//
//mm:op admin.admin.CompanyAuthDubboService.auth
func (s *AuthService) Authorize(ctx context.Context, opts ...RequestOption) (*Authorization, error) {
	c := s.client
	if c.cfg.appID == "" {
		return nil, c.refuse(ctx, opAuthorize, &ValidationError{Field: "WithAppCredentials", Rule: "Authorize needs app credentials"})
	}
	var meta Response
	opts = append(opts, WithResponseInto(&meta))
	d, err := callChecked(ctx, c, opAuthorize, authBody{AppID: c.cfg.appID, AppSecret: c.cfg.secrets.appSecret}, opts, func(d authData, m Response) error {
		if d.Token == "" {
			return &ResponseError{Operation: opAuthorize.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace, Reason: "authorization answer has no token"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a := &Authorization{Token: d.Token, PublicKey: d.PublicKey, Company: d.Company, Trace: meta.Trace}
	if ts, ok := c.tokens.(*appTokenSource); ok {
		ts.store(a)
	}
	return a, nil
}

type authBody struct {
	AppID     string `json:"appId"`
	AppSecret string `json:"appSecret"`
}

// appTokenSource authorizes lazily with the client's app credentials and
// shares one authorization among concurrent callers.
type appTokenSource struct {
	c      *Client
	mu     sync.Mutex
	auth   *Authorization
	flight *authFlight
}

type authFlight struct {
	done chan struct{}
	auth *Authorization
	err  error
}

func newAppTokenSource(c *Client) *appTokenSource { return &appTokenSource{c: c} }

func (s *appTokenSource) store(a *Authorization) {
	s.mu.Lock()
	s.auth = a
	s.mu.Unlock()
}

// Token returns the cached token, authorizing first if there is none.
func (s *appTokenSource) Token(ctx context.Context) (string, error) {
	a, err := s.current(ctx, "")
	if err != nil {
		return "", err
	}
	return a.Token, nil
}

// Refresh authorizes again unless the cached token already differs from stale.
func (s *appTokenSource) Refresh(ctx context.Context, stale string) (string, error) {
	a, err := s.current(ctx, stale)
	if err != nil {
		return "", err
	}
	return a.Token, nil
}

// current returns the cached authorization unless it is missing or its token
// is stale; otherwise it joins (or starts) the one authorization in flight.
func (s *appTokenSource) current(ctx context.Context, stale string) (*Authorization, error) {
	s.mu.Lock()
	if s.auth != nil && (stale == "" || s.auth.Token != stale) {
		a := s.auth
		s.mu.Unlock()
		return a, nil
	}
	f := s.flight
	if f == nil {
		f = &authFlight{done: make(chan struct{})}
		s.flight = f
		go s.authorize(context.WithoutCancel(ctx), f)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.auth, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// authorize runs one authorization for every waiter. It does not stop when
// the first waiter gives up (others may still wait); the retry policy's
// MaxElapsed and the per-attempt timeout bound it.
func (s *appTokenSource) authorize(ctx context.Context, f *authFlight) {
	a, err := s.c.Auth.Authorize(ctx)
	s.mu.Lock()
	if err == nil {
		s.auth = a
	}
	s.flight = nil
	s.mu.Unlock()
	// err is already one of the SDK's typed errors naming the authorization
	// operation (admin.admin.CompanyAuthDubboService.auth); it is returned
	// as it is, so the caller sees one error with a one-line message.
	f.auth, f.err = a, err
	close(f.done)
}

// publicKey returns the public key of the current authorization.
func (s *appTokenSource) publicKey(ctx context.Context) (string, error) {
	a, err := s.current(ctx, "")
	if err != nil {
		return "", err
	}
	return a.PublicKey, nil
}

// String hides the credentials.
func (s *appTokenSource) String() string { return "appTokenSource(" + redacted + ")" }

// Format prints String under every fmt verb.
func (s *appTokenSource) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// Token returns the token the client sends, authorizing first when it uses
// app credentials and has none yet. With it a Client is a token source for
// other MultiMarkets connections, such as the data-push subscriber
// (push.Options.Token).
func (c *Client) Token(ctx context.Context) (string, error) {
	if c.tokens == nil {
		return "", errNoToken
	}
	return c.tokens.Token(ctx)
}

// Refresh returns a new token after stale was refused as expired: it
// authorizes again (once, shared with concurrent callers) unless the
// client's token already changed. Clients with a static token return
// ErrTokenExpired.
func (c *Client) Refresh(ctx context.Context, stale string) (string, error) {
	r, ok := c.tokens.(TokenRefresher)
	if !ok {
		return "", ErrTokenExpired
	}
	return r.Refresh(ctx, stale)
}
