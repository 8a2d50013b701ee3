// Package mmtest starts an in-process fake MultiMarkets Manager API on
// loopback, like net/http/httptest, for the SDK's tests and for users'
// integration tests. It needs no credentials and no network.
//
//	srv := mmtest.NewServer()
//	defer srv.Close()
//	client, _ := multimarkets.NewClient(
//		multimarkets.WithBaseURL(srv.URL),
//		multimarkets.WithCompanyID(srv.CompanyID),
//		multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
//	)
//
// The fake checks requests the way the vendor's documents describe the real
// server: the header set each operation requires, the body's required fields
// and their JSON types, tokens and their expiry, the signature and RSA
// encryption of "x-" requests. It answers in exactly the documented envelope
// {code, msg, ok, fail, data, trace, bizCode, msgParams, tm}. It is never more
// lenient than the documents: a request it accepts is one the real server
// is documented to accept. It keeps state in memory (customers, tokens) and
// can inject faults (see Fault) to test how callers handle lost answers,
// gateway errors and rate limits.
//
// The fake is independent of the SDK's Manager API client: it does not
// import package multimarkets, so a bug in the SDK's encoding cannot hide
// itself by being repeated here. (WalletPlatform is the exception on the
// webhook side: it drives a wallet through package wallettest, which encodes
// with package wallet.)
package mmtest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// Basepath is the path prefix of every Manager API URL.
const Basepath = "/openapi-b"

// ClientBasepath is the path prefix of the trading-client API (login).
const ClientBasepath = "/api"

// Server is a running fake MultiMarkets server. Its exported fields are the
// values a client needs; they must not be changed after NewServer.
type Server struct {
	// URL is the base URL for the SDK's WithBaseURL, ending in /openapi-b.
	URL string
	// ClientURL is the trading-client API's base URL, ending in /api (the
	// SDK derives it from URL by default).
	ClientURL string
	// CompanyID is the company the fake serves; other companyId headers are refused.
	CompanyID string
	// AppID and AppSecret are the credentials authorization accepts.
	AppID, AppSecret string
	// Token is a token that is valid from the start and does not expire
	// by time (ExpireTokens expires it too), for clients configured with a
	// static token.
	Token string
	// PublicKey is the company's RSA public key (base64 X.509), the one
	// authorization returns.
	PublicKey string

	cfg     config
	push    *pushtest.Hub
	pushSeq int64 // journal IDs of pushed adjustments; guarded by state.mu
	priv    *rsa.PrivateKey
	hs      *httptest.Server
	state   *state
	clock   func() time.Time

	mu       sync.Mutex
	tokens   map[string]time.Time // token → expiry (zero: no expiry by time)
	faults   map[string][]*Fault
	requests map[string]int // operation → requests received
	acted    map[string]int // operation → requests that changed state or answered success
	// loginTokens are the single-use tokens of the client-API login:
	// token → customer number.
	loginTokens map[string]string
	seq         atomic.Int64
}

type config struct {
	companyID        string
	appID, appSecret string
	tokenTTL         time.Duration
	expiredCode      string
	timestampWindow  time.Duration
	keyBits          int
	startCustomerNo  int64
	groups           []int64
	now              func() time.Time
	listener         net.Listener
	reader           NumberReader
}

// Option configures NewServer.
type Option func(*config)

// WithCompanyID sets the company ID (default "10086").
func WithCompanyID(id string) Option { return func(c *config) { c.companyID = id } }

// WithAppCredentials sets the appId and appSecret that authorization accepts.
func WithAppCredentials(appID, appSecret string) Option {
	return func(c *config) { c.appID, c.appSecret = appID, appSecret }
}

// WithTokenTTL makes tokens issued by authorization expire after d (default
// 2 h). Use a short TTL to test token renewal.
func WithTokenTTL(d time.Duration) Option { return func(c *config) { c.tokenTTL = d } }

// WithExpiredCode chooses which documented code reports an expired token:
// "GGATEWAY_CODE_005" (default) or "GGATEWAY_CODE_017".
func WithExpiredCode(code string) Option { return func(c *config) { c.expiredCode = code } }

// WithTimestampWindow sets how far the timestamp header may be from the
// fake's clock (default 5 min); outside it requests fail with GGATEWAY_CODE_014.
func WithTimestampWindow(d time.Duration) Option { return func(c *config) { c.timestampWindow = d } }

// WithCustomerGroups sets the customer group IDs that exist (default 1, 2).
func WithCustomerGroups(ids ...int64) Option { return func(c *config) { c.groups = ids } }

// WithClock replaces time.Now, e.g. to test timestamp checks.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithListener serves on l instead of a new loopback listener. The server
// speaks plain http: a client reaches a listener on an address other than
// loopback only with multimarkets.WithInsecureHTTP.
func WithListener(l net.Listener) Option { return func(c *config) { c.listener = l } }

// NewServer starts a fake server on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		companyID: "10086", appID: "mmtest-app-id", appSecret: "mmtest-app-secret",
		tokenTTL: 2 * time.Hour, expiredCode: "GGATEWAY_CODE_005", timestampWindow: 5 * time.Minute,
		keyBits: 1024, startCustomerNo: 86021976, groups: []int64{1, 2}, now: time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	priv, err := rsa.GenerateKey(rand.Reader, cfg.keyBits)
	if err != nil {
		panic("mmtest: generate RSA key: " + err.Error())
	}
	s := &Server{
		CompanyID: cfg.companyID, AppID: cfg.appID, AppSecret: cfg.appSecret,
		cfg: cfg, priv: priv, clock: cfg.now,
		tokens: map[string]time.Time{}, faults: map[string][]*Fault{},
		requests: map[string]int{}, acted: map[string]int{},
	}
	s.PublicKey = marshalPublicKey(&priv.PublicKey)
	s.state = newState(cfg)
	s.Token = s.issueToken(0)
	s.push = pushtest.NewHub(pushtest.Options{Authorize: func(tok string) bool { return s.tokenState(tok) == "ok" }})
	s.hs = httptest.NewUnstartedServer(s)
	if cfg.listener != nil {
		s.hs.Listener.Close()
		s.hs.Listener = cfg.listener
	}
	s.hs.Start()
	s.URL = s.hs.URL + Basepath
	s.ClientURL = s.hs.URL + ClientBasepath
	return s
}

// Close shuts the server down and closes its connections, data-push
// connections included.
func (s *Server) Close() {
	s.push.Close()
	s.hs.CloseClientConnections()
	s.hs.Close()
}

// Push returns the data-push hub served at /openapi-b/ws (connect with
// package push, BaseURL URL and a token of this server). Registrations emit
// register and open_account; bonuses and balance adjustments emit
// subject_update and subject_water_insert. Use it to publish other events
// or inject push faults (Drop, SetPongMode, Resend).
func (s *Server) Push() *pushtest.Hub { return s.push }

// PrivateKey returns the key pair whose public half is PublicKey, for tests
// that decrypt what a client sent.
func (s *Server) PrivateKey() *rsa.PrivateKey { return s.priv }

// Requests returns how many requests for the operation (bizType, or market
// path) arrived, refused ones included.
func (s *Server) Requests(operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[operation]
}

// Acted returns how many requests for the operation the fake carried out
// (for writes: how many times it created or moved something), including
// those whose answer a fault then lost.
func (s *Server) Acted(operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acted[operation]
}

// ExpireTokens makes every token issued so far, Token included, expired;
// data-push connections using them are closed as the real server does.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	past := s.clock().Add(-time.Second)
	toks := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		s.tokens[t] = past
		toks = append(toks, t)
	}
	s.mu.Unlock()
	for _, t := range toks {
		s.push.ExpireToken(t)
	}
}

func (s *Server) issueToken(ttl time.Duration) string {
	tok := fmt.Sprintf("mmtest-token-%d-%s", s.seq.Add(1), randomHex(8))
	var exp time.Time
	if ttl > 0 {
		exp = s.clock().Add(ttl)
	}
	s.mu.Lock()
	s.tokens[tok] = exp
	s.mu.Unlock()
	return tok
}

// tokenState is "ok", "missing", "expired" or "invalid".
func (s *Server) tokenState(tok string) string {
	if tok == "" {
		return "missing"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	switch {
	case !ok:
		return "invalid"
	case !exp.IsZero() && !s.clock().Before(exp):
		return "expired"
	}
	return "ok"
}

// apiError is a refusal in the documented envelope.
type apiError struct {
	code      string
	msg       string
	status    int
	msgParams any
}

func errCode(code string) *apiError { return &apiError{code: code, msg: messages[code]} }

// messages holds the documented message of each code the fake sends.
var messages = map[string]string{
	"GGATEWAY_CODE_001":      "TOKEN is null",
	"GGATEWAY_CODE_002":      "Invalid business type",
	"GGATEWAY_CODE_003":      "Company ID cannot be null",
	"GGATEWAY_CODE_004":      "Link sign cannot be null",
	"GGATEWAY_CODE_005":      "Login info is expired, please login again",
	"GGATEWAY_CODE_006":      "Request params is null",
	"GGATEWAY_CODE_009":      "Head request cannot be null",
	"GGATEWAY_CODE_012":      "Downstream service is unavailable",
	"GGATEWAY_CODE_014":      "Request expired",
	"GGATEWAY_CODE_015":      "The request parameter is invalid",
	"GGATEWAY_CODE_016":      "The current interface does not support this request type",
	"GGATEWAY_CODE_017":      "Login info is expired, please login again",
	"GGATEWAY_CODE_018":      "The request frequency is too fast, please try again later",
	"GGATEWAY_CODE_019":      "No access rights",
	"GGATEWAY_CODE_101":      "Invalid account info",
	"GGATEWAY_CODE_902":      "Service time out, please contact customer service",
	"USCUSTOMER_API_0000003": "Data not exist ",
	"USCUSTOMER_API_0000101": "Client info exist already",
	"USCUSTOMER_API_0000105": "Should fill in at least mobile or email, or both",
	"USCUSTOMER_API_0000106": "Mobile number already exist",
	"USCUSTOMER_API_0000107": "Email exist already",
	"USCUSTOMER_API_0000112": "Account number or password wrong",
	"USCUSTOMER_API_0000157": "The customer is locked and operations are prohibited.",
	"USCUSTOMER_API_0000301": "Client group info is not exist",
	"USCUSTOMER_API_0000501": "Mandatory param cannot be null",
	"USCUSTOMER_API_0000504": "Mobile number format is not correct",
	"USCUSTOMER_API_0000507": "Country code is not correct",
	"USCUSTOMER_API_0000510": "Email format is not correct",
	"USCUSTOMER_API_0001030": "The unique identifier for the third-party system does not exist, please verify the data",
	"FS400":                  "Request params invalid",
	"FS404":                  "Data is not found",
	"FS10001":                "Required parameters cannot be empty",
	"FS10002":                "Invalid parameter",
	"FS10003":                "The transfer amount of funds must be greater than 0",
	"FS570001":               "Active record ID already exists",
	"FS570004":               "The account from which the funds were transferred has been locked",
}

// envelope is the documented answer.
type envelope struct {
	Msg       string `json:"msg"`
	Fail      bool   `json:"fail"`
	Trace     string `json:"trace"`
	Code      string `json:"code"`
	Data      any    `json:"data"`
	BizCode   string `json:"bizCode"`
	Tm        int64  `json:"tm"`
	MsgParams any    `json:"msgParams"`
	OK        bool   `json:"ok"`
}

// ServeHTTP serves the Manager API under /openapi-b.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.clock()
	if r.URL.Path == Basepath+"/ws" {
		s.push.ServeHTTP(w, r)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, Basepath+"/")
	if !ok {
		rest, isClient := strings.CutPrefix(r.URL.Path, ClientBasepath+"/")
		if !isClient {
			http.NotFound(w, r)
			return
		}
		path = clientPrefix + rest
	}
	op, ok := operations[path]
	if !ok {
		s.count(path, false)
		s.writeEnvelope(w, r.Header.Get("trace"), start, nil, errCode("GGATEWAY_CODE_002"))
		return
	}
	s.count(op.name, false)
	fault := s.takeFault(op.name)
	if fault != nil && fault.Before != nil {
		if fault.Before(w, r) {
			return
		}
	}
	req := &request{srv: s, op: op, http: r, trace: r.Header.Get("trace")}
	var data any
	apiErr := s.admit(req)
	if apiErr == nil {
		data, apiErr = op.handle(s, req)
	}
	if apiErr == nil {
		s.count(op.name, true)
	}
	if fault != nil && fault.After != nil {
		if fault.After(w, r) {
			return
		}
	}
	if op.market {
		s.writeMarket(w, req.trace, data, apiErr)
		return
	}
	s.writeEnvelope(w, req.trace, start, data, apiErr)
}

func (s *Server) count(op string, acted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if acted {
		s.acted[op]++
	} else {
		s.requests[op]++
	}
}

func (s *Server) writeEnvelope(w http.ResponseWriter, trace string, start time.Time, data any, e *apiError) {
	env := envelope{Msg: "Success", Code: "0", OK: true, Trace: trace, Data: data, Tm: s.clock().Sub(start).Milliseconds()}
	status := http.StatusOK
	if e != nil {
		env = envelope{Msg: e.msg, Code: e.code, Fail: true, Trace: trace, MsgParams: e.msgParams, Tm: env.Tm}
		if e.status != 0 {
			status = e.status
		}
	}
	writeJSON(w, status, env)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// request is one admitted request: its decoded body and headers.
type request struct {
	srv   *Server
	op    *opSpec
	http  *http.Request
	trace string
	body  map[string]json.RawMessage
	token string
}

// admit applies the gateway's checks: method, headers, token, company,
// timestamp, decryption and signature, and parses the body.
func (s *Server) admit(req *request) *apiError {
	r, op := req.http, req.op
	if op.market {
		return s.admitMarket(req)
	}
	if r.Method != http.MethodPost {
		return errCode("GGATEWAY_CODE_016")
	}
	h := r.Header
	if req.trace == "" {
		return errCode("GGATEWAY_CODE_004")
	}
	for _, name := range op.headers {
		if h.Get(name) == "" {
			switch name {
			case "companyId":
				return errCode("GGATEWAY_CODE_003")
			case "token":
				return errCode("GGATEWAY_CODE_001")
			default:
				return errCode("GGATEWAY_CODE_009")
			}
		}
	}
	if cid := h.Get("companyId"); cid != "" && cid != s.CompanyID {
		return errCode("GGATEWAY_CODE_019")
	}
	if g := h.Get("group"); g != "" && g != "tradeApi" {
		return errCode("GGATEWAY_CODE_010") // no downstream service for that group
	}
	if op.token || h.Get("token") != "" {
		req.token = h.Get("token")
		switch s.tokenState(req.token) {
		case "missing":
			return errCode("GGATEWAY_CODE_001")
		case "expired":
			return errCode(s.cfg.expiredCode)
		case "invalid":
			return errCode("GGATEWAY_CODE_005")
		}
	}
	if apiErr := s.checkTimestamp(h.Get("timestamp")); apiErr != nil {
		return apiErr
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errCode("GGATEWAY_CODE_015")
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return errCode("GGATEWAY_CODE_015")
	}
	if strings.HasPrefix(req.trace, "x-") && !op.plain {
		plain, apiErr := s.openSealed(raw, h.Get("timestamp"))
		if apiErr != nil {
			return apiErr
		}
		raw = plain
	}
	if err := json.Unmarshal(raw, &req.body); err != nil || req.body == nil {
		return errCode("GGATEWAY_CODE_015")
	}
	return nil
}

func (s *Server) checkTimestamp(v string) *apiError {
	if v == "" {
		return errCode("GGATEWAY_CODE_009") // documented as a required header
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errCode("GGATEWAY_CODE_015")
	}
	d := s.clock().Sub(time.UnixMilli(ms))
	if d < 0 {
		d = -d
	}
	if d > s.cfg.timestampWindow {
		return errCode("GGATEWAY_CODE_014")
	}
	return nil
}
