package specserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// testClient sends the tests' raw requests on a transport of its own: the
// idle connections of http.DefaultTransport are closed by every
// httptest.Server.Close of a parallel test, which breaks a POST about to
// reuse one.
var testClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// testSpec is a small spec with the features the real one uses: required
// headers, a token header, nested arrays, a nullable field, a required
// field the example sends as null, a map object, a $ref, a market GET with
// a query parameter and one with a body.
const testSpec = `
openapi: 3.0.1
paths:
  /auth/test.Auth.auth:
    post:
      parameters:
        - {name: trace, in: header, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                appId: {type: string}
                appSecret: {type: string}
              required: [appId, appSecret]
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      token: {type: string}
                      name: {type: string}
                      id: {type: integer}
              example: {code: '0', data: {Language: []}}
  /global/test.Orders.add:
    post:
      parameters:
        - {name: trace, in: header, required: true, schema: {type: string}}
        - {name: companyId, in: header, required: true, schema: {type: string}}
        - {name: token, in: header, required: true, schema: {type: string}}
        - {name: lang, in: header, required: false, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                customerNo: {type: string}
                count: {type: integer}
                amount: {type: number}
                urgent: {type: boolean}
                note: {type: string, nullable: true}
                filter: {type: string}
                rates:
                  type: object
                  description: 'key: source currency value: target currency'
                  properties:
                    BTC: {type: string}
                    ETH: {type: string}
                  required: [BTC, ETH]
                lines:
                  type: array
                  items:
                    $ref: '#/components/schemas/Line'
              required: [customerNo, count, note, filter]
            example:
              customerNo: '1'
              count: 1
              note: null
              filter: null
      responses:
        '200':
          content:
            application/json:
              example: {code: '', fail: true, ok: true, msg: '', trace: 'x', data: {orderId: 7}}
  /test.Orders.list:
    post:
      parameters:
        - {name: trace, in: header, required: true, schema: {type: string}}
      responses:
        '200':
          content:
            application/json:
              schema: {type: object}
  /quote-b-api/tick:
    get:
      parameters:
        - {name: token, in: query, required: true, schema: {type: string}}
        - {name: query, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  ret: {type: integer}
              example: {ret: 200, msg: ok, trace: abc, data: {tick_list: []}}
  /quote-b-api/batch:
    get:
      parameters:
        - {name: token, in: query, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                trace: {type: string}
                data:
                  type: object
                  properties:
                    data_list:
                      type: array
                      items:
                        type: object
                        properties:
                          code: {type: string}
                          kline_type: {type: integer}
                        required: [code, kline_type]
                  required: [data_list]
              required: [trace, data]
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  ret: {type: integer}
components:
  schemas:
    Line:
      type: object
      properties:
        sku: {type: string}
        qty: {type: integer}
        tags:
          type: array
          items: {type: string}
      required: [sku, qty]
`

const (
	authOp  = "auth/test.Auth.auth"
	orderOp = "global/test.Orders.add"
	listOp  = "test.Orders.list"
	tickOp  = "quote-b-api/tick"
	batchOp = "quote-b-api/batch"
)

func newTestServer(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.AuthOperation == "" {
		opts.AuthOperation = authOp
	}
	s, err := New([]byte(testSpec), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// send makes one request and returns the decoded answer.
func send(t *testing.T, ts *httptest.Server, method, path string, header map[string]string, body string) map[string]any {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = []string{v} // as sent, not canonicalised
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %v", method, path, err)
	}
	return out
}

// login issues a token.
func login(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	ans := send(t, ts, "POST", "/openapi-b/"+authOp, map[string]string{"trace": "t-auth"}, `{"appId":"a","appSecret":"s"}`)
	data, _ := ans["data"].(map[string]any)
	tok, _ := data["token"].(string)
	if ans["code"] != "0" || tok == "" || data["publicKey"] == "" {
		t.Fatalf("auth answered %v", ans)
	}
	return tok
}

func TestRequestChecks(t *testing.T) {
	const good = `{"customerNo":"86000001","count":2,"amount":1.5,"urgent":true,"note":null,"filter":null,
		"rates":{"BTC":"USDT"},"lines":[{"sku":"a","qty":1,"tags":["x"]}],"extra":{"any":1}}`
	type want struct{ field, rule string }
	tests := []struct {
		name   string
		header map[string]string // nil: trace, companyId and a valid token
		method string
		path   string
		body   string
		want   []want // nil: accepted
	}{
		{name: "accepted", body: good},
		{name: "header names case-insensitive", header: map[string]string{"TRACE": "t", "CompanyID": "1", "TOKEN": "<token>"}, body: good},
		{name: "missing required header", header: map[string]string{"trace": "t", "token": "<token>"}, body: good,
			want: []want{{"header.companyId", "required header missing"}}},
		{name: "empty required header", header: map[string]string{"trace": "t", "companyId": "", "token": "<token>"}, body: good,
			want: []want{{"header.companyId", "required header missing or empty"}}},
		{name: "token not issued", header: map[string]string{"trace": "t", "companyId": "1", "token": "forged"}, body: good,
			want: []want{{"header.token", "not a token the auth operation issued"}}},
		{name: "missing required field", body: `{"count":2,"note":null,"filter":null}`,
			want: []want{{"body.customerNo", "required property missing"}}},
		{name: "required null not allowed", body: `{"customerNo":null,"count":2,"note":null,"filter":null}`,
			want: []want{{"body.customerNo", "required property is null"}}},
		{name: "required null allowed by nullable and by the example", body: `{"customerNo":"1","count":2,"note":null,"filter":null}`},
		{name: "optional null is absent", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"amount":null,"lines":null}`},
		{name: "string where integer declared", body: `{"customerNo":"1","count":"2","note":null,"filter":null}`,
			want: []want{{"body.count", "JSON string where the spec declares integer"}}},
		{name: "fraction where integer declared", body: `{"customerNo":"1","count":2.0,"note":null,"filter":null}`,
			want: []want{{"body.count", "fraction or exponent"}}},
		{name: "exponent where integer declared", body: `{"customerNo":"1","count":2e3,"note":null,"filter":null}`,
			want: []want{{"body.count", "fraction or exponent"}}},
		{name: "integer where string declared", body: `{"customerNo":86000001,"count":2,"note":null,"filter":null}`,
			want: []want{{"body.customerNo", "JSON integer 86000001 where the spec declares string"}}},
		{name: "string where number declared", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"amount":"1.5"}`,
			want: []want{{"body.amount", "JSON string where the spec declares number"}}},
		{name: "string where boolean declared", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"urgent":"true"}`,
			want: []want{{"body.urgent", "declares boolean"}}},
		{name: "object where array declared", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"lines":{}}`,
			want: []want{{"body.lines", "JSON object where the spec declares array"}}},
		{name: "nested array item with a wrong type", body: `{"customerNo":"1","count":2,"note":null,"filter":null,
			"lines":[{"sku":"a","qty":1},{"sku":"b","qty":"2","tags":["x",3]}]}`,
			want: []want{{"body.lines[1].qty", "JSON string where the spec declares integer"}, {"body.lines[1].tags[1]", "JSON integer 3 where the spec declares string"}}},
		{name: "nested array item missing a required field ($ref)", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"lines":[{"qty":1}]}`,
			want: []want{{"body.lines[0].sku", "required property missing"}}},
		{name: "null array item", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"lines":[null]}`,
			want: []want{{"body.lines[0]", "null where the spec declares object"}}},
		{name: "map object: keys are data, values typed", body: `{"customerNo":"1","count":2,"note":null,"filter":null,"rates":{"BTC":"USDT","XRP":1}}`,
			want: []want{{"body.rates.XRP", "JSON integer 1 where the spec declares string"}}},
		{name: "missing body", body: "",
			want: []want{{"body", "missing"}}},
		{name: "body not JSON", body: `{"customerNo":`,
			want: []want{{"body", "not JSON"}}},
		{name: "body not an object", body: `["customerNo"]`,
			want: []want{{"body", "JSON array where the spec declares object"}}},
		{name: "wrong method", method: "GET", body: good,
			want: []want{{"method", "GET where the spec declares POST"}}},
		{name: "operation without a body", path: "/openapi-b/" + listOp, header: map[string]string{"trace": "t"}},
		{name: "market GET", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?token=<token>&query=" + url.QueryEscape(`{"trace":"t","data":{"symbol_list":[{"code":"X"}]}}`)},
		{name: "market GET, query encoded twice", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?token=<token>&query=" + url.QueryEscape(url.QueryEscape(`{"trace":"t","data":{}}`))},
		{name: "market GET without token", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?query=" + url.QueryEscape(`{"trace":"t","data":{}}`),
			want: []want{{"query.token", "required query parameter missing"}}},
		{name: "market GET, query not JSON", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?token=x&query=trace%3Dt",
			want: []want{{"query.query", "not URL-encoded JSON"}}},
		{name: "market GET, data not an object", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?token=x&query=" + url.QueryEscape(`{"trace":"t","data":["X"]}`),
			want: []want{{"query.query.data", "JSON array where the spec declares object"}}},
		{name: "market GET, no trace", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + tickOp + "?token=x&query=" + url.QueryEscape(`{"data":{}}`),
			want: []want{{"query.query.trace", "required property missing"}}},
		{name: "market GET with body", method: "GET", header: map[string]string{}, path: "/openapi-b/" + batchOp + "?token=x",
			body: `{"trace":"t","data":{"data_list":[{"code":"X","kline_type":1}]}}`},
		{name: "market GET with body, wrong nested type", method: "GET", header: map[string]string{}, path: "/openapi-b/" + batchOp + "?token=x",
			body: `{"trace":"t","data":{"data_list":[{"code":"X","kline_type":"1"}]}}`,
			want: []want{{"body.data.data_list[0].kline_type", "JSON string where the spec declares integer"}}},
		{name: "market GET with body sent as query", method: "GET", header: map[string]string{},
			path: "/openapi-b/" + batchOp + "?token=x&query=" + url.QueryEscape(`{"trace":"t","data":{"data_list":[]}}`),
			want: []want{{"body", "missing"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ts := newTestServer(t, Options{})
			tok := login(t, ts)
			header := tt.header
			if header == nil {
				header = map[string]string{"trace": "t", "companyId": "1", "token": tok}
			}
			for k, v := range header {
				header[k] = strings.ReplaceAll(v, "<token>", tok)
			}
			method, path := tt.method, strings.ReplaceAll(tt.path, "<token>", tok)
			if method == "" {
				method = "POST"
			}
			if path == "" {
				path = "/openapi-b/" + orderOp
			}
			ans := send(t, ts, method, path, header, tt.body)
			got := s.Violations()
			if len(got) != len(tt.want) {
				t.Fatalf("violations %v, want %d: %v", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if got[i].Field != w.field || !strings.Contains(got[i].Rule, w.rule) {
					t.Errorf("violation %d = %s, want %s: …%s…", i, got[i], w.field, w.rule)
				}
			}
			code := ans["code"]
			if ans["ret"] != nil {
				code = "0" // market envelope
			}
			switch {
			case len(tt.want) > 0 && (ans["code"] != "GGATEWAY_CODE_015" || ans["msg"] != "The request parameter is invalid" || ans["fail"] != true):
				t.Errorf("refused request answered %v, want GGATEWAY_CODE_015", ans)
			case len(tt.want) == 0 && code != "0":
				t.Errorf("accepted request answered %v", ans)
			}
			total := 0
			for _, n := range s.Requests() {
				total += n
			}
			if total != 2 || s.Requests()[authOp] != 1 { // the login and this request, accepted or not
				t.Errorf("requests %v, want the login and this one", s.Requests())
			}
		})
	}
}

func TestAnswers(t *testing.T) {
	s, ts := newTestServer(t, Options{AppID: "a", AppSecret: "s",
		Data: map[string]json.RawMessage{listOp: json.RawMessage(`{"records":[{"id":9}]}`)}})
	tok := login(t, ts)
	if tok2 := login(t, ts); tok2 == tok {
		t.Errorf("the auth operation issued the same token twice: %s", tok)
	}
	bad := send(t, ts, "POST", "/openapi-b/"+authOp, map[string]string{"trace": "t"}, `{"appId":"a","appSecret":"wrong"}`)
	if bad["code"] == "0" {
		t.Errorf("wrong app secret answered %v", bad)
	}

	// The example, with the request's trace and the success status (the
	// example says code '' and fail true).
	ans := send(t, ts, "POST", "/openapi-b/"+orderOp, map[string]string{"trace": "t-order", "companyId": "1", "token": tok},
		`{"customerNo":"1","count":1,"note":null,"filter":null}`)
	if ans["trace"] != "t-order" || ans["code"] != "0" || ans["ok"] != true || ans["fail"] != false {
		t.Errorf("answer %v, want the example with trace t-order and success status", ans)
	}
	if d, _ := ans["data"].(map[string]any); d["orderId"] != 7.0 {
		t.Errorf("answer data %v, want the example's", ans["data"])
	}
	// Data from the options.
	ans = send(t, ts, "POST", "/openapi-b/"+listOp, map[string]string{"trace": "t-list"}, "")
	if d, _ := ans["data"].(map[string]any); d == nil || ans["trace"] != "t-list" || ans["code"] != "0" {
		t.Errorf("answer %v, want the options' data", ans)
	}
	// Market: the trace of the query.
	ans = send(t, ts, "GET", "/openapi-b/"+tickOp+"?token=x&query="+url.QueryEscape(`{"trace":"t-tick","data":{}}`), nil, "")
	if ans["trace"] != "t-tick" || ans["ret"] != 200.0 {
		t.Errorf("market answer %v, want the example with trace t-tick", ans)
	}
	// No example: the minimal market envelope; the trace of the body.
	ans = send(t, ts, "GET", "/openapi-b/"+batchOp+"?token=x", nil, `{"trace":"t-batch","data":{"data_list":[]}}`)
	if ans["trace"] != "t-batch" || ans["ret"] != 200.0 {
		t.Errorf("market answer %v, want ret 200 with trace t-batch", ans)
	}
	// Unknown path: 404, recorded apart from the violations.
	req, _ := http.NewRequest("POST", ts.URL+"/openapi-b/test.Nope.nope", strings.NewReader("{}"))
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path answered HTTP %d, want 404", resp.StatusCode)
	}
	if u := s.Unmatched(); len(u) != 1 || u[0] != "POST /openapi-b/test.Nope.nope" {
		t.Errorf("unmatched %q", u)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations %v, want none", v)
	}
	s.Reset()
	if len(s.Requests()) != 0 || len(s.Unmatched()) != 0 {
		t.Error("Reset kept the records")
	}
	ans = send(t, ts, "POST", "/openapi-b/"+orderOp, map[string]string{"trace": "t", "companyId": "1", "token": tok},
		`{"customerNo":"1","count":1,"note":null,"filter":null}`)
	if ans["code"] != "GGATEWAY_CODE_015" || len(s.Violations()) != 1 {
		t.Errorf("a token issued before Reset was accepted: %v", ans)
	}
}

// TestPublishedSpec loads the vendor's spec: 41 operations, each served
// under /openapi-b with its documented method, and the spec's own
// examples that contradict its schemas are caught.
func TestPublishedSpec(t *testing.T) {
	spec, err := os.ReadFile("../../testdata/spec/manager-api.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ops := s.Operations()
	if len(ops) != 41 {
		t.Errorf("%d operations, want 41", len(ops))
	}
	gets := 0
	for _, op := range ops {
		if strings.HasPrefix(op, "/") || s.Method(op) == "" {
			t.Errorf("operation %q: method %q", op, s.Method(op))
		}
		if s.Method(op) == http.MethodGet {
			gets++
			if !strings.Contains(op, "-b-api/") {
				t.Errorf("GET operation %s is not a market-data one", op)
			}
		}
	}
	if gets != 8 {
		t.Errorf("%d GET operations, want the 8 market-data ones", gets)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	tok := login2(t, ts)
	hdr := map[string]string{"trace": "t", "companyId": "1", "token": tok, "version": "0.0.1"}

	// The spec's own example for this operation sends tradeType and
	// customerGroupId as numbers where its schema declares strings.
	send(t, ts, "POST", "/openapi-b/config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", hdr,
		`{"companyId":"1","tradeType":1,"customerGroupId":50}`)
	// The page example's customerNo: null is accepted.
	send(t, ts, "POST", "/openapi-b/customer.admin.WhiteCustomerAdminApiService.page", hdr, `{"customerNo":null,"size":20,"current":1}`)
	// currencyMap is a map: one pair is enough, though BTC and BNB are "required".
	send(t, ts, "POST", "/openapi-b/fund.admin.CustomerFundAdminDubboService.getExchangeRate", hdr, `{"currencyMap":{"ETH":"USDT"}}`)
	// The version header of the page operation is required.
	send(t, ts, "POST", "/openapi-b/customer.admin.WhiteCustomerAdminApiService.page",
		map[string]string{"trace": "t", "companyId": "1", "token": tok}, `{"customerNo":"1"}`)
	got := s.Violations()
	want := []string{
		"config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId: body.customerGroupId: JSON integer 50 where the spec declares string",
		"config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId: body.tradeType: JSON integer 1 where the spec declares string",
		"customer.admin.WhiteCustomerAdminApiService.page: header.version: required header missing or empty",
	}
	if len(got) != len(want) {
		t.Fatalf("violations %v, want %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i].String(), want[i]) {
			t.Errorf("violation %d: %s, want %s", i, got[i], want[i])
		}
	}
}

// login2 authorizes against the published spec's auth operation.
func login2(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	ans := send(t, ts, "POST", "/openapi-b/"+DefaultAuthOperation, map[string]string{"trace": "t"}, `{"appId":"a","appSecret":"s"}`)
	data, _ := ans["data"].(map[string]any)
	tok, _ := data["token"].(string)
	if tok == "" {
		t.Fatalf("auth answered %v", ans)
	}
	return tok
}

func TestNewRejectsBadSpecs(t *testing.T) {
	for name, spec := range map[string]string{
		"not YAML":      "paths: [",
		"no paths":      "openapi: 3.0.1\n",
		"no auth":       "paths:\n  /x:\n    post: {}\n",
		"bad reference": "paths:\n  /auth/admin.admin.CompanyAuthDubboService.auth:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Nope'}\n",
	} {
		if _, err := New([]byte(spec), Options{}); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}
