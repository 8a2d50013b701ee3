// Package specserver is a test server driven only by the vendor's OpenAPI
// file (testdata/spec/manager-api.openapi.yaml): it serves every operation
// the spec declares and checks each request against what the spec says for
// that operation, so that an encoding mistake in the SDK cannot hide behind
// a fake written alongside it. It knows nothing of the SDK or of mmtest.
//
// For each request it checks, as the spec declares for that operation:
//
//   - the HTTP method;
//   - every header parameter with required: true is present and non-empty
//     (names compared case-insensitively);
//   - every query parameter with required: true is present and non-empty;
//     a query parameter named "query" (the market-data GETs) must be the
//     URL-encoded JSON {"trace": string, "data": object} (decoded once by
//     the URL's query syntax; a value percent-encoded once more is decoded
//     again and accepted too);
//   - the JSON request body against the application/json requestBody
//     schema (also for a GET that declares one, as batch-kline does): it
//     must be present and be JSON; every required property is present;
//     every present property has the JSON type its schema declares (string;
//     integer = a JSON number without fraction or exponent; number; boolean;
//     array, whose items are checked recursively; object, whose properties
//     are checked recursively). Properties the schema does not declare are
//     allowed: the spec's own examples send some.
//   - the token header, where the operation declares one, is a token the
//     auth operation issued.
//
// Map rule: an object schema whose description starts "key:" is a map
// whose keys are data (getExchangeRate's currencyMap, "key: source currency
// value: exchange currency", declares the example's BTC and BNB as required
// properties): no key is required, and every value must have the type its
// declared properties share.
//
// Null rule: a required property sent as null counts as present only if its
// schema says nullable: true or type: 'null', or the operation's own request
// example sends that property as null (customerNo: null in
// customer.admin.WhiteCustomerAdminApiService.page). An optional property
// sent as null counts as absent (as JSON binders commonly read it) and its
// type is not checked. null inside an array is checked
// like any other value.
//
// A request that breaks a rule is answered with the documented gateway
// error envelope, code GGATEWAY_CODE_015 ("The request parameter is
// invalid"), HTTP 200, and each broken rule is recorded (Violations).
//
// An accepted request is answered with the operation's documented 200
// example with its trace replaced by the request's, or a minimal success
// envelope with null data when the spec has no example. A Manager-style
// example (one with a code) gets the success status, code "0", ok true,
// fail false: the page and detail examples carry an empty code and fail
// true. An example written as prose followed by a JSON object
// (queryAccountList) is served as that object. Options.Data can replace
// the data of an answer. The auth operation answers a success envelope
// whose data follows the response schema, with a fresh token and an RSA
// public key (the spec's example for auth contradicts its schema).
//
// A path the spec does not declare is answered with HTTP 404 and
// GGATEWAY_CODE_002, and recorded (Unmatched), not counted as a violation.
//
// The server does not decrypt: a client that encrypts its bodies breaks
// the body rules.
package specserver

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultBasePath is the path prefix the operations are served under when
// Options.BasePath is empty: the vendor's gateway serves the spec's paths
// under /openapi-b.
const DefaultBasePath = "/openapi-b"

// DefaultAuthOperation is the operation that issues tokens when
// Options.AuthOperation is empty.
const DefaultAuthOperation = "auth/admin.admin.CompanyAuthDubboService.auth"

// Options configure a Server. The zero value serves under DefaultBasePath,
// issues tokens from DefaultAuthOperation and accepts any app credentials.
type Options struct {
	// BasePath is the path prefix of every operation; "" means
	// DefaultBasePath.
	BasePath string
	// AuthOperation is the spec path (without its leading "/") of the
	// operation that issues tokens; "" means DefaultAuthOperation.
	AuthOperation string
	// AppID and AppSecret, when AppID is set, are the only credentials the
	// auth operation accepts; others get an error answer (not a violation:
	// wrong credentials do not break the spec).
	AppID, AppSecret string
	// Data gives, by operation (spec path without its leading "/"), the
	// data of the answer to an accepted request, in place of the spec
	// example's data: test data for a client that takes keys (an ID, a
	// proposal number) from one answer into later requests, where the
	// spec's example holds a placeholder such as ID 0.
	Data map[string]json.RawMessage
}

// Violation is one rule of the spec one request broke.
type Violation struct {
	// Operation is the spec path of the operation, without its leading "/".
	Operation string
	// Field says where: "method", "header.<name>", "query.<name>",
	// "query.query.<path>" (inside the market-data query JSON) or
	// "body.<path>" (inside the request body; array items as [i]).
	Field string
	// Rule says what was wrong.
	Rule string
	// Trace is the request's trace, as far as it could be read.
	Trace string
}

// String formats the violation on one line.
func (v Violation) String() string {
	return fmt.Sprintf("%s: %s: %s (trace %s)", v.Operation, v.Field, v.Rule, v.Trace)
}

// Server serves the operations of one spec; it is an http.Handler. Use it
// with httptest.NewServer and point the client at URL + BasePath.
type Server struct {
	ops      map[string]*operation
	basePath string
	authOp   string
	opts     Options

	mu         sync.Mutex
	violations []Violation
	requests   map[string]int
	unmatched  []string
	tokens     map[string]bool
}

// New parses an OpenAPI 3.0 YAML document and returns a server for its
// operations.
func New(specYAML []byte, opts Options) (*Server, error) {
	ops, err := parseSpec(specYAML)
	if err != nil {
		return nil, err
	}
	s := &Server{
		ops:      ops,
		basePath: strings.TrimRight(opts.BasePath, "/"),
		authOp:   opts.AuthOperation,
		opts:     opts,
		requests: make(map[string]int),
		tokens:   make(map[string]bool),
	}
	if opts.BasePath == "" {
		s.basePath = DefaultBasePath
	}
	if s.authOp == "" {
		s.authOp = DefaultAuthOperation
	}
	if _, ok := ops[s.authOp]; !ok {
		return nil, fmt.Errorf("specserver: the spec has no auth operation %q", s.authOp)
	}
	return s, nil
}

// BasePath is the path prefix the operations are served under.
func (s *Server) BasePath() string { return s.basePath }

// Operations lists the spec's operations, sorted: their paths without the
// leading "/".
func (s *Server) Operations() []string {
	names := make([]string, 0, len(s.ops))
	for name := range s.ops {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Method returns the HTTP method the spec declares for an operation, or ""
// if the spec has no such operation.
func (s *Server) Method(operation string) string {
	if op, ok := s.ops[operation]; ok {
		return op.method
	}
	return ""
}

// Requests returns how many requests each operation received, accepted or
// not.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.requests))
	for k, v := range s.requests {
		out[k] = v
	}
	return out
}

// Violations returns every rule broken so far, in the order the requests
// arrived.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// Unmatched returns "METHOD path" for each request whose path is not an
// operation of the spec.
func (s *Server) Unmatched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unmatched...)
}

// Reset forgets the recorded requests, violations, unmatched paths and
// issued tokens.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations, s.unmatched = nil, nil
	s.requests = make(map[string]int)
	s.tokens = make(map[string]bool)
}

// maxBody bounds the request bodies the server reads.
const maxBody = 10 << 20

// marketQuerySchema is what the market-data "query" parameter carries:
// the spec describes it in prose, {"trace": …, "data": {…}}, without a
// schema for data.
var marketQuerySchema = &schema{
	Type:     "object",
	required: []string{"trace", "data"},
	Properties: map[string]*schema{
		"trace": {Type: "string"},
		"data":  {Type: "object"},
	},
}

// ServeHTTP checks one request against its operation and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, s.basePath+"/")
	op := s.ops[name]
	if !ok || op == nil {
		s.mu.Lock()
		s.unmatched = append(s.unmatched, r.Method+" "+r.URL.Path)
		s.mu.Unlock()
		writeJSON(w, http.StatusNotFound, errorEnvelope("GGATEWAY_CODE_002", "Invalid business type", r.Header.Get("trace")))
		return
	}
	c := &checker{op: op}
	trace := headerValue(r.Header, "trace")

	if r.Method != op.method {
		c.add("method", "%s where the spec declares %s", r.Method, op.method)
	}
	for _, p := range op.headers {
		if p.Required && headerValue(r.Header, p.Name) == "" {
			c.add("header."+p.Name, "required header missing or empty")
		}
	}
	query := r.URL.Query()
	for _, p := range op.queries {
		v := query.Get(p.Name)
		if p.Required && v == "" {
			c.add("query."+p.Name, "required query parameter missing or empty")
			continue
		}
		if p.Name == "query" && v != "" {
			if t := c.marketQuery(v); t != "" {
				trace = t
			}
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		c.add("body", "unreadable: %v", err)
	}
	var decoded any
	if op.body != nil && err == nil {
		if len(strings.TrimSpace(string(body))) == 0 {
			c.add("body", "missing: the spec declares a JSON request body")
		} else if decoded, err = decodeJSON(body); err != nil {
			c.add("body", "not JSON: %v", err)
		} else {
			c.value(decoded, op.body, "body", "")
			if m, ok := decoded.(map[string]any); ok && op.method == http.MethodGet {
				if t, ok := m["trace"].(string); ok && t != "" {
					trace = t // batch-kline: {trace, data} in the body of the GET
				}
			}
		}
	}

	s.mu.Lock()
	s.requests[op.name]++
	if op.tokenHeader {
		if tok := headerValue(r.Header, "token"); tok != "" && !s.tokens[tok] {
			c.add("header.token", "not a token the auth operation issued")
		}
	}
	for i := range c.found {
		c.found[i].Trace = trace
	}
	s.violations = append(s.violations, c.found...)
	s.mu.Unlock()

	switch {
	case len(c.found) > 0:
		writeJSON(w, http.StatusOK, errorEnvelope("GGATEWAY_CODE_015", "The request parameter is invalid", trace))
	case op.name == s.authOp:
		s.authorize(w, decoded, trace)
	default:
		writeJSON(w, http.StatusOK, answer(op, trace, s.opts.Data[op.name]))
	}
}

// marketQuery checks the market-data query parameter and returns its trace.
func (c *checker) marketQuery(v string) string {
	decoded, err := decodeJSON([]byte(v))
	if err != nil {
		// "Please encode the following fields": accept a value encoded
		// once more than the query syntax requires.
		if un, uerr := url.QueryUnescape(v); uerr == nil {
			decoded, err = decodeJSON([]byte(un))
		}
	}
	if err != nil {
		c.add("query.query", "not URL-encoded JSON: %v", err)
		return ""
	}
	c.value(decoded, marketQuerySchema, "query.query", "")
	if m, ok := decoded.(map[string]any); ok {
		t, _ := m["trace"].(string)
		return t
	}
	return ""
}

// authorize answers the auth operation: a success envelope whose data
// follows the response schema, with a fresh token and the public key.
func (s *Server) authorize(w http.ResponseWriter, body any, trace string) {
	m, _ := body.(map[string]any)
	appID, _ := m["appId"].(string)
	appSecret, _ := m["appSecret"].(string)
	if s.opts.AppID != "" && (appID != s.opts.AppID || appSecret != s.opts.AppSecret) {
		writeJSON(w, http.StatusOK, errorEnvelope("GGATEWAY_CODE_101", "Invalid account info", trace))
		return
	}
	key, err := rsaPublicKey()
	if err != nil {
		writeJSON(w, http.StatusOK, errorEnvelope("G500", "System error: "+err.Error(), trace))
		return
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		writeJSON(w, http.StatusOK, errorEnvelope("G500", "System error: "+err.Error(), trace))
		return
	}
	token := hex.EncodeToString(raw[:]) + "-" + strconv.FormatInt(time.Now().UnixMilli(), 10)
	s.mu.Lock()
	s.tokens[token] = true
	s.mu.Unlock()

	data := map[string]any{}
	if ds := dataSchema(s.ops[s.authOp]); ds != nil {
		if d, ok := synthesize(ds, "data").(map[string]any); ok {
			data = d
		}
	}
	data["token"] = token
	data["publicKey"] = key
	if appID != "" {
		data["appId"] = appID
	}
	env := successEnvelope(trace)
	env["data"] = data
	writeJSON(w, http.StatusOK, env)
}

// The RSA key pair behind the public key the auth operation answers:
// made once per process, as making one takes a while and no test needs its
// own.
var (
	keyOnce   sync.Once
	publicKey string
	keyErr    error
)

// key returns the RSA public key, base64 X.509.
func rsaPublicKey() (string, error) {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			keyErr = err
			return
		}
		der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
		if err != nil {
			keyErr = err
			return
		}
		publicKey = base64.StdEncoding.EncodeToString(der)
	})
	return publicKey, keyErr
}

// dataSchema returns the schema of the data property of the 200 answer.
func dataSchema(op *operation) *schema {
	if op == nil || op.answerSchema == nil {
		return nil
	}
	return op.answerSchema.Properties["data"]
}

// synthesize makes a value of the schema's type: strings "spec-<name>",
// numbers 1, booleans false, empty arrays, objects with every declared
// property.
func synthesize(s *schema, name string) any {
	if s == nil {
		return nil
	}
	switch s.Type {
	case "string":
		return "spec-" + name
	case "integer", "number":
		return 1
	case "boolean":
		return false
	case "array":
		return []any{}
	case "object", "":
		if s.Properties == nil && s.Type == "" {
			return nil
		}
		m := make(map[string]any, len(s.Properties))
		for k, p := range s.Properties {
			m[k] = synthesize(p, k)
		}
		return m
	}
	return nil
}

// answer is the operation's 200 example with the request's trace, or a
// minimal success envelope; data, when given, replaces the data. A
// Manager-style example (one with a code) gets the success status, code
// "0", ok true, fail false: it answers an accepted request, and a few
// examples carry placeholder status fields (page: an empty code, fail true).
func answer(op *operation, trace string, data json.RawMessage) any {
	var out map[string]any
	switch ex := op.answer.(type) {
	case map[string]any:
		out = make(map[string]any, len(ex)+1)
		for k, v := range ex {
			out[k] = v
		}
		out["trace"] = trace
		if _, ok := out["code"]; ok {
			out["code"], out["ok"], out["fail"] = "0", true, false
		}
	case nil:
		if op.marketStyle {
			out = map[string]any{"ret": 200, "msg": "ok", "trace": trace, "data": nil}
		} else {
			out = successEnvelope(trace)
		}
	default:
		if data == nil {
			return ex // not an object: served as documented
		}
		out = successEnvelope(trace)
	}
	if data != nil {
		out["data"] = data
	}
	return out
}

func successEnvelope(trace string) map[string]any {
	return map[string]any{"code": "0", "msg": "Success", "ok": true, "fail": false, "data": nil,
		"trace": trace, "bizCode": "", "tm": 0, "msgParams": nil}
}

func errorEnvelope(code, msg, trace string) map[string]any {
	return map[string]any{"code": code, "msg": msg, "ok": false, "fail": true, "data": nil,
		"trace": trace, "bizCode": "", "tm": 0, "msgParams": nil}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorEnvelope("G500", "specserver: cannot encode the answer: "+err.Error(), ""))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// headerValue returns the first value of a header, its name compared
// case-insensitively.
func headerValue(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}
