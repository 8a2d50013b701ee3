// Package multimarkets is the typed Go SDK for the MultiMarkets Manager API,
// the back-office API of MultiMarkets white-label brokers: register customers,
// read accounts, positions and trades, move money, and read market data.
//
// Create one Client per company and share it: it is safe for concurrent use.
//
//	client, err := multimarkets.NewClient(
//		multimarkets.WithBaseURL(multimarkets.BaseURLTest),
//		multimarkets.WithCompanyID("10086"),
//		multimarkets.WithAppCredentials(appID, appSecret),
//	)
//	reg, err := client.Customers.Register(ctx, &multimarkets.RegisterParams{…})
//
// Every operation goes through one request path: it sets the documented
// headers, decodes the {code, msg, data, trace, …} envelope into a typed
// result, and turns everything else into typed errors (*APIError,
// *ResponseError, *TransportError, *ValidationError, *UnknownOutcomeError)
// that match the sentinels in errors.go with errors.Is. Writes are never
// resent once they may have reached the server (see RetryPolicy). Package
// mmtest starts an in-process fake MultiMarkets server for tests, and
// package push subscribes to the data push (WebSocket events).
//
// The calls MultiMarkets makes to the white label are served by other
// packages: wallet for the external-wallet webhooks and msgchannel for the
// custom e-mail and SMS channel.
package multimarkets

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// Base URLs of the two MultiMarkets environments.
const (
	// BaseURLTest is the PRE (test) environment.
	BaseURLTest = "https://prewppc-3.cmfbl.com/openapi-b"
	// BaseURLProduction is the PRD (production) environment.
	BaseURLProduction = "https://api.multimarkets.org/openapi-b"
)

// Defaults used when an option is not given.
const (
	// DefaultAPIVersion is sent in the version header.
	DefaultAPIVersion = "0.0.1"
	// DefaultLanguage is sent in the lang header: English messages. The
	// client-API login requires the header; the Manager API accepts it.
	DefaultLanguage = "en-US"
	// DefaultTimeout bounds one HTTP attempt: a little above the server's
	// own 15 s limit, so the server's timeout answer arrives first.
	DefaultTimeout = 20 * time.Second
	// DefaultMaxResponseBytes caps the size of an answer the SDK reads.
	DefaultMaxResponseBytes = 8 << 20
	// DefaultMaxConnsPerHost caps the connections the default transport
	// opens to the server; more concurrent calls wait for a free one.
	DefaultMaxConnsPerHost = 64
)

// Client talks to one MultiMarkets company. Create it with NewClient; the
// services hang off it (client.Customers.Register, …). A Client is safe for
// concurrent use and should be reused: it keeps connections, the token and
// the last rate-limit state per operation.
type Client struct {
	cfg    config
	http   *resty.Client
	tokens TokenSource
	rates  sync.Map // operation name → *RateLimit
	crypt  *encryptor
	// fixedHeader holds the header values that are the same on every
	// request, built once.
	fixedHeader http.Header
	// urls holds the URL of every defined operation (see urlFor).
	urls []string
	// ownTransport is the transport NewClient made (no WithHTTPClient or
	// WithTransport), which Close may shut; nil for the caller's own.
	ownTransport *http.Transport

	// Auth authorizes with the app credentials and returns the token and
	// company facts.
	Auth *AuthService
	// Customers registers and looks up customers.
	Customers *CustomerService
	// Embed logs customers in to the trading UI and builds embed URLs.
	Embed *EmbedService
	// Funds reads exchange rates and locks transfers of trading accounts.
	Funds *FundService
	// Bonuses issues and recovers bonuses and adjusts balances.
	Bonuses *BonusService
	// Messages sends in-app messages and reads verification codes.
	Messages *MessageService
	// Webhooks configures the external-settlement webhooks.
	Webhooks *WebhookService
	// Products lists tradable products, product groups and funds.
	Products *ProductService
	// Reference reads dictionaries, countries and currencies.
	Reference *ReferenceService
	// Trading reads positions, deals and capital flow, cancels pending
	// orders and forces positions closed.
	Trading *TradingService
	// Market reads market data: depth, trades and K-lines.
	Market *MarketService
}

type service struct{ client *Client }

type config struct {
	baseURL       string
	clientBaseURL string
	companyID     string
	tokenSource   TokenSource
	noCredentials bool
	appID         string
	// secrets holds the token and appSecret behind a pointer, so that even
	// %+v of a dereferenced Client prints an address, not the values.
	secrets          *secrets
	version          string
	lang             string
	userAgent        string
	timeout          time.Duration
	httpClient       *http.Client
	transport        http.RoundTripper
	logger           *slog.Logger
	logBodies        bool
	maxResponseBytes int64
	retry            RetryPolicy
	encrypt          bool
	publicKey        string
	numberReader     NumberReader
	limiter          *limiter
	observer         *Observer
	insecureHTTP     bool
}

type secrets struct {
	token     string
	appSecret string
}

func (c *config) secret() *secrets {
	if c.secrets == nil {
		c.secrets = &secrets{}
	}
	return c.secrets
}

// Option configures a Client in NewClient.
type Option func(*config) error

// WithBaseURL sets the API's base URL, including the /openapi-b path, e.g.
// BaseURLTest, BaseURLProduction or an mmtest server's URL. Required.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ValidationError{Field: "WithBaseURL", Rule: "absolute http(s) URL such as " + BaseURLTest}
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return &ValidationError{Field: "WithBaseURL", Rule: "no user info, query or fragment"}
		}
		c.baseURL = strings.TrimRight(u.String(), "/")
		return nil
	}
}

// WithCompanyID sets the company ID sent in the companyId header (a number
// given by MultiMarkets). Required.
func WithCompanyID(id string) Option {
	return func(c *config) error {
		if !isDigits(id) || len(id) > 19 {
			return &ValidationError{Field: "WithCompanyID", Rule: "decimal number (the company's long ID)"}
		}
		c.companyID = id
		return nil
	}
}

// WithToken uses a fixed token (for example from MM_TOKEN). When it expires
// calls fail with ErrTokenExpired; prefer WithAppCredentials, which renews it.
func WithToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return &ValidationError{Field: "WithToken", Rule: "must not be empty"}
		}
		c.secret().token = token
		return nil
	}
}

// WithAppCredentials authorizes with the company's appId and appSecret on
// first use, caches the token, and authorizes again (once, shared by all
// concurrent callers) when the server says the token expired.
func WithAppCredentials(appID, appSecret string) Option {
	return func(c *config) error {
		if appID == "" || appSecret == "" {
			return &ValidationError{Field: "WithAppCredentials", Rule: "appId and appSecret must not be empty"}
		}
		c.appID, c.secret().appSecret = appID, appSecret
		return nil
	}
}

// WithTokenSource gets tokens from ts, for example one shared between
// processes. If ts also implements TokenRefresher, the client asks it for a
// new token when the server says the token expired.
func WithTokenSource(ts TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return &ValidationError{Field: "WithTokenSource", Rule: "must not be nil"}
		}
		c.tokenSource = ts
		return nil
	}
}

// WithoutCredentials builds a client with no token, app credentials or token
// source, on purpose. Its calls carry no token, so only the operations the
// server serves without one succeed (Customers.Exists, Embed.Login and the
// reference lists whose token the spec marks optional); the server refuses
// the others with ErrUnauthorized. Without this option NewClient refuses a
// client without credentials, which would otherwise fail on its first call.
func WithoutCredentials() Option {
	return func(c *config) error {
		c.noCredentials = true
		return nil
	}
}

// WithAPIVersion sets the version header (default DefaultAPIVersion).
func WithAPIVersion(v string) Option {
	return func(c *config) error {
		if v == "" || !validHeaderValue(v) {
			return &ValidationError{Field: "WithAPIVersion", Rule: "non-empty printable ASCII (a header value), e.g. " + DefaultAPIVersion}
		}
		c.version = v
		return nil
	}
}

// WithLanguage sets the lang header, the language of the server's messages
// (default DefaultLanguage, "en-US"; the server's own default is zh-CN).
func WithLanguage(lang string) Option {
	return func(c *config) error {
		if lang == "" || !validHeaderValue(lang) {
			return &ValidationError{Field: "WithLanguage", Rule: "non-empty printable ASCII (a header value), e.g. en-US or zh-CN"}
		}
		c.lang = lang
		return nil
	}
}

// WithClientBaseURL sets the base URL of the trading-client API, used by
// Embed.Login (e.g. "https://prewppc-3.cmfbl.com/api"). By default it is the
// Manager API's base URL with its final "/openapi-b" replaced by "/api",
// which is how both vendor environments are laid out.
func WithClientBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" {
			return &ValidationError{Field: "WithClientBaseURL", Rule: "absolute http(s) URL such as https://prewppc-3.cmfbl.com/api"}
		}
		c.clientBaseURL = strings.TrimRight(u.String(), "/")
		return nil
	}
}

// WithUserAgent adds the caller's product to the User-Agent header, before
// the SDK's own "multimarkets-go/<version>". It must be printable ASCII: a
// value that cannot be sent in a header (CR, LF, other control bytes) is
// refused here rather than failing every request.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if !validHeaderValue(ua) {
			return &ValidationError{Field: "WithUserAgent", Rule: "printable ASCII (a header value), e.g. acme-crm/2.1"}
		}
		c.userAgent = ua
		return nil
	}
}

// WithInsecureHTTP allows a plain http:// base URL (WithBaseURL,
// WithClientBaseURL) to a host other than the loopback interface. Every
// request carries a credential (the token, the appSecret or a password
// hash), so without this option NewClient refuses such a URL; loopback
// hosts (127.0.0.0/8, ::1, localhost), as used by mmtest, are always
// allowed. Use it only behind a trusted TLS-terminating network hop.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecureHTTP = true; return nil }
}

// WithTimeout bounds each HTTP attempt (default DefaultTimeout). The caller's
// context bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return &ValidationError{Field: "WithTimeout", Rule: "must be positive"}
		}
		c.timeout = d
		return nil
	}
}

// WithHTTPClient sends requests with hc (its Transport, proxy and TLS
// settings). Its Timeout is left as is; WithTimeout bounds each attempt.
// Its CheckRedirect is not used: the SDK follows no redirect (a 3xx answer
// is a *ResponseError), so credentials never go to another host. hc itself
// is not changed.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return &ValidationError{Field: "WithHTTPClient", Rule: "must not be nil"}
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sends requests through rt, e.g. for tracing or tests.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return &ValidationError{Field: "WithTransport", Rule: "must not be nil"}
		}
		c.transport = rt
		return nil
	}
}

// WithLogger logs one structured line per HTTP attempt to l: operation,
// trace, HTTP status, code, duration and attempt number, at Debug for
// successes and Warn for failures. Tokens, secrets, passwords, signatures,
// encrypted data, phone numbers and e-mail addresses are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			l = slog.New(discardHandler{})
		}
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes caps the size of an answer (default
// DefaultMaxResponseBytes); a larger one fails with a *ResponseError.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return &ValidationError{Field: "WithMaxResponseBytes", Rule: "must be positive"}
		}
		c.maxResponseBytes = n
		return nil
	}
}

// NewClient builds a Client. WithBaseURL and WithCompanyID are required, and
// exactly one of WithToken, WithAppCredentials and WithTokenSource (or
// WithoutCredentials, for a client that calls only operations that need no
// token). Options are checked here, so a bad configuration fails at start-up
// with a *ValidationError.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		version:          DefaultAPIVersion,
		lang:             DefaultLanguage,
		timeout:          DefaultTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
		retry:            DefaultRetryPolicy,
		logger:           slog.New(discardHandler{}),
		secrets:          &secrets{},
	}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.baseURL == "" {
		return nil, &ValidationError{Field: "WithBaseURL", Rule: "required"}
	}
	if cfg.companyID == "" {
		return nil, &ValidationError{Field: "WithCompanyID", Rule: "required"}
	}
	if cfg.clientBaseURL == "" {
		cfg.clientBaseURL = strings.TrimSuffix(cfg.baseURL, "/openapi-b") + "/api"
	}
	if !cfg.insecureHTTP {
		// Every client sends a credential: the token or the appSecret to
		// the Manager API, a password hash to the client API.
		for _, b := range []struct{ field, url string }{{"WithBaseURL", cfg.baseURL}, {"WithClientBaseURL", cfg.clientBaseURL}} {
			if plainHTTPRemote(b.url) {
				return nil, &ValidationError{Field: b.field, Rule: "must be https:// for a host other than loopback (requests carry credentials); WithInsecureHTTP allows plain http"}
			}
		}
	}
	switch n := countSet(cfg.secrets.token != "", cfg.appID != "", cfg.tokenSource != nil); {
	case n > 1:
		return nil, &ValidationError{Field: "WithToken/WithAppCredentials/WithTokenSource", Rule: "give at most one"}
	case n == 1 && cfg.noCredentials:
		return nil, &ValidationError{Field: "WithoutCredentials", Rule: "not with WithToken, WithAppCredentials or WithTokenSource"}
	case n == 0 && !cfg.noCredentials:
		return nil, &ValidationError{Field: "WithToken/WithAppCredentials/WithTokenSource",
			Rule: "give one, or WithoutCredentials for a client that calls only operations that need no token"}
	}
	if cfg.encrypt && cfg.publicKey == "" && cfg.appID == "" {
		return nil, &ValidationError{Field: "WithEncryption", Rule: "give the public key, or use WithAppCredentials so authorization supplies it"}
	}
	if cfg.httpClient != nil && cfg.transport != nil {
		return nil, &ValidationError{Field: "WithHTTPClient/WithTransport", Rule: "give at most one"}
	}

	hc := cfg.httpClient
	var own *http.Transport
	if hc == nil {
		rt := cfg.transport
		if rt == nil {
			own = defaultTransport()
			rt = own
		}
		hc = &http.Client{Transport: rt}
	}
	// A copy of the caller's client that follows no redirect: the caller's
	// own CheckRedirect (and http.Client's default of following ten) would
	// send the token header, the appSecret body or the market query's
	// token to whatever host a redirect names; net/http strips only
	// Authorization and Cookie. The request path (attempt) turns the 3xx
	// answer into an error. Copying also leaves the caller's client as it
	// was (resty sets a missing Transport on the client it is given).
	noRedir := *hc
	noRedir.CheckRedirect = noRedirects
	hc = &noRedir
	rc := resty.NewWithClient(hc).
		SetRetryCount(0). // retries are decided by the SDK's own loop (retry.go)
		SetLogger(restyQuiet{}).
		SetDebug(false).
		SetDisableWarn(true)
	rc.SetAllowGetMethodPayload(true) // batch K-lines: GET with a JSON body, as the spec says

	c := &Client{cfg: cfg, http: rc, ownTransport: own}
	c.fixedHeader = c.buildFixedHeader()
	c.urls = make([]string, len(operations))
	for i, op := range operations {
		c.urls[i] = c.buildURL(op)
	}
	switch {
	case cfg.tokenSource != nil:
		c.tokens = cfg.tokenSource
	case cfg.appID != "":
		c.tokens = newAppTokenSource(c)
	case cfg.secrets.token != "":
		c.tokens = StaticToken(cfg.secrets.token)
	}
	if cfg.encrypt {
		c.crypt = &encryptor{configured: cfg.publicKey, reader: cfg.numberReader}
		if err := c.crypt.init(); err != nil {
			return nil, err
		}
	}
	s := &service{client: c}
	c.Auth = (*AuthService)(s)
	c.Customers = (*CustomerService)(s)
	c.Embed = (*EmbedService)(s)
	c.Funds = (*FundService)(s)
	c.Bonuses = (*BonusService)(s)
	c.Messages = (*MessageService)(s)
	c.Webhooks = (*WebhookService)(s)
	c.Products = (*ProductService)(s)
	c.Reference = (*ReferenceService)(s)
	c.Trading = (*TradingService)(s)
	c.Market = (*MarketService)(s)
	return c, nil
}

// EnvConfig is the configuration the examples read from the environment;
// see NewClientFromEnv.
const (
	EnvBaseURL   = "MM_BASE_URL"
	EnvCompanyID = "MM_COMPANY_ID"
	EnvAppID     = "MM_APP_ID"
	EnvAppSecret = "MM_APP_SECRET"
	EnvToken     = "MM_TOKEN"
	EnvEncrypt   = "MM_ENCRYPT"
	// EnvNumberReader names the server's JSON reader for signatures:
	// "bigdecimal" for WithNumberReader(BigDecimalReader); empty or
	// "double" for the default.
	EnvNumberReader = "MM_NUMBER_READER"
)

// NewClientFromEnv builds a Client from MM_BASE_URL, MM_COMPANY_ID and either
// MM_APP_ID + MM_APP_SECRET or MM_TOKEN (app credentials win when both are
// set); MM_ENCRYPT=1 turns on signed, RSA-encrypted requests, and
// MM_NUMBER_READER=bigdecimal signs them for a BigDecimal-reading server.
// Further options are applied after those; with neither variable set they
// must give credentials (or WithoutCredentials).
func NewClientFromEnv(opts ...Option) (*Client, error) {
	env := []Option{
		WithBaseURL(os.Getenv(EnvBaseURL)),
		WithCompanyID(os.Getenv(EnvCompanyID)),
	}
	switch {
	case os.Getenv(EnvAppID) != "" || os.Getenv(EnvAppSecret) != "":
		env = append(env, WithAppCredentials(os.Getenv(EnvAppID), os.Getenv(EnvAppSecret)))
	case os.Getenv(EnvToken) != "":
		env = append(env, WithToken(os.Getenv(EnvToken)))
	}
	if v := os.Getenv(EnvEncrypt); v == "1" || strings.EqualFold(v, "true") {
		env = append(env, WithEncryption(""))
	}
	switch v := os.Getenv(EnvNumberReader); {
	case strings.EqualFold(v, "bigdecimal"):
		env = append(env, WithNumberReader(BigDecimalReader))
	case v != "" && !strings.EqualFold(v, "double"):
		return nil, &ValidationError{Field: EnvNumberReader, Rule: `"double" or "bigdecimal"`}
	}
	return NewClient(append(env, opts...)...)
}

// String describes the client without its credentials.
func (c *Client) String() string {
	auth := "none"
	switch {
	case c.cfg.appID != "":
		auth = "app credentials"
	case c.cfg.tokenSource != nil:
		auth = "token source"
	case c.cfg.secrets.token != "":
		auth = "static token"
	}
	return fmt.Sprintf("multimarkets.Client{base: %s, company: %s, auth: %s, encrypt: %t}", c.cfg.baseURL, c.cfg.companyID, auth, c.crypt != nil)
}

// GoString is String, so %#v cannot print credentials either.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the client without its credentials.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Format prints String under every fmt verb, so %d or %x cannot reach the
// configuration either.
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// BaseURL returns the base URL the client sends to.
func (c *Client) BaseURL() string { return c.cfg.baseURL }

// CompanyID returns the company ID the client sends.
func (c *Client) CompanyID() string { return c.cfg.companyID }

// RateLimit returns the last rate-limit state the server reported for the
// operation (a bizType such as "customer.admin.WhiteCustomerAdminApiService.page"),
// and false when no answer for it carried rate-limit headers yet.
func (c *Client) RateLimit(operation string) (RateLimit, bool) {
	v, ok := c.rates.Load(operation)
	if !ok {
		return RateLimit{}, false
	}
	return *v.(*RateLimit), true
}

// Close releases what the client holds between calls: it closes the idle
// keep-alive connections of the transport the SDK made (when neither
// WithHTTPClient nor WithTransport was given), so that a short-lived
// client leaves no open connection and no connection goroutines behind.
// A transport or http.Client the caller supplied is left alone: the
// caller owns it and closes it (CloseIdleConnections) when done. The
// client starts no background goroutines of its own, so nothing else is
// left to stop.
//
// Close does not wait for or cancel calls in flight: a connection in use
// goes back to the idle pool when its call ends, so call Close after the
// last call returns. The client stays usable after Close (a later call
// opens a new connection), and Close may be called more than once. It
// always returns nil; the error is there for io.Closer.
func (c *Client) Close() error {
	if c.ownTransport != nil {
		c.ownTransport.CloseIdleConnections()
	}
	return nil
}

func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// Many goroutines share one client: keep enough idle connections per host
	// that bursts reuse connections, and cap the connections per host so a
	// burst waits for a free connection instead of opening ever more (the
	// server limits per-company traffic anyway). Use WithHTTPClient or
	// WithTransport for other limits.
	t.MaxIdleConnsPerHost = DefaultMaxConnsPerHost
	t.MaxConnsPerHost = DefaultMaxConnsPerHost
	return t
}

// noRedirects is the CheckRedirect of the SDK's HTTP client: it stops at
// the first redirect, and net/http returns the 3xx answer itself.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// plainHTTPRemote reports whether base is an http:// URL to a host that is
// not loopback (127.0.0.0/8, ::1, localhost).
func plainHTTPRemote(base string) bool {
	u, err := url.Parse(base)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// validHeaderValue reports whether s can be sent as a header value as is:
// printable ASCII and tabs only (no CR, LF or other control bytes, which
// net/http refuses at send time, and no non-ASCII bytes, which servers read
// differently).
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b != '\t' && (b < 0x20 || b > 0x7e) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func countSet(b ...bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// restyQuiet keeps resty from printing anything (its warnings and debug
// dumps can contain headers, and headers carry the token).
type restyQuiet struct{}

func (restyQuiet) Errorf(string, ...interface{}) {}
func (restyQuiet) Warnf(string, ...interface{})  {}
func (restyQuiet) Debugf(string, ...interface{}) {}

var errNoToken error = &ValidationError{Field: "WithoutCredentials", Rule: "the client has no token (use WithToken, WithAppCredentials or WithTokenSource)"}
