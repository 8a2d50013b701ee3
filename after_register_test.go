package multimarkets_test

// The calls that follow a registration: Customers.Get by the number
// Register returned, Customers.ListAccounts across every trading mode, and
// a spot bonus (Bonuses.Issue), against the fake server and against
// recorders that check the exact requests sent.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// opPage is in reconcile_test.go, opBonus in funds_test.go.
const (
	opDetail   = "customer.admin.WhiteCustomerAdminApiService.detail"
	opAccounts = "customer.admin.CustomerAdminApiService.queryAccountList"
)

func TestGetByCustomerNumberOnTheFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	srv.SeedCustomers(3) // other customers in the list
	no := register(t, c, "7700900321", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	page, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: no})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	want := page.Items[0]

	tests := []struct {
		name                string
		p                   mm.CustomerDetailParams
		pages, details      int
		wantErr, wantTyped  error
		wantID              int64
		wantAccountInDetail bool
	}{
		{name: "number only", p: mm.CustomerDetailParams{CustomerNo: no}, pages: 1, details: 1, wantID: want.ID},
		{name: "number only, trade accounts", p: mm.CustomerDetailParams{CustomerNo: no, Section: mm.DetailTradeAccount},
			pages: 1, details: 1, wantID: want.ID, wantAccountInDetail: true},
		{name: "number and ID", p: mm.CustomerDetailParams{CustomerNo: no, CustomerID: want.ID}, pages: 0, details: 1, wantID: want.ID},
		{name: "unknown number", p: mm.CustomerDetailParams{CustomerNo: "99999999"}, pages: 1, details: 0,
			wantErr: mm.ErrNotFound, wantTyped: &mm.ResponseError{}},
		{name: "number with another customer's ID", p: mm.CustomerDetailParams{CustomerNo: no, CustomerID: want.ID - 1}, pages: 0, details: 1,
			wantErr: mm.ErrNotFound, wantTyped: &mm.APIError{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Not parallel: the subtests count the fake's requests.
			pages, details := srv.Requests(opPage), srv.Requests(opDetail)
			d, err := c.Customers.Get(ctx, &tc.p)
			assert.Equal(t, tc.pages, srv.Requests(opPage)-pages, "page requests")
			assert.Equal(t, tc.details, srv.Requests(opDetail)-details, "detail requests")
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.IsType(t, tc.wantTyped, err, "%v", err)
				require.Nil(t, d)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, no, d.CustomerNo)
			assert.Equal(t, tc.wantID, d.ID)
			assert.Equal(t, "GB", d.Country)
			assert.Equal(t, tc.wantAccountInDetail, strings.Contains(string(d.AccountList), `"tradeType":5`), "%s", d.AccountList)
		})
	}

	// The lookup's not-found error names the lookup, not the number.
	_, err = c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "99999999"})
	var re *mm.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, opPage, re.Operation)
	assert.NotContains(t, err.Error(), "99999999")
}

// route answers each operation (the request path's last element) with the
// handler given for it; requests are recorded by the recorder.
func route(answers map[string]func(w http.ResponseWriter, r *http.Request)) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		op := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		if a := answers[op]; a != nil {
			a(w, r)
			return
		}
		http.Error(w, "no answer for "+op, http.StatusNotFound)
	}
}

// errAnswer answers with an error envelope carrying code.
func errAnswer(code, msg string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"msg":"`+msg+`","fail":true,"trace":"`+r.Header.Get("trace")+`","code":"`+code+`","data":null,"bizCode":"","tm":3,"msgParams":null,"ok":false}`)
	}
}

// sent is one recorded request: operation, trace and body.
type sent struct{ op, trace, body string }

func (rec *recorder) sent() []sent {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]sent, len(rec.requests))
	for i, r := range rec.requests {
		out[i] = sent{r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:], r.Header.Get("trace"), string(rec.bodies[i])}
	}
	return out
}

// callLog is an observer recording "start op" and "done op outcome" lines.
type callLog struct {
	mu    sync.Mutex
	lines []string
	errs  []error
}

func (l *callLog) observer() *mm.Observer {
	return &mm.Observer{
		CallStart: func(ctx context.Context, i mm.CallStartInfo) context.Context {
			l.mu.Lock()
			l.lines = append(l.lines, "start "+i.Operation)
			l.mu.Unlock()
			return ctx
		},
		CallDone: func(_ context.Context, i mm.CallDoneInfo) {
			l.mu.Lock()
			l.lines = append(l.lines, "done "+i.Operation+" "+string(i.Outcome))
			if i.Err != nil {
				l.errs = append(l.errs, i.Err)
			}
			l.mu.Unlock()
		},
	}
}

func (l *callLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func recorderClient(t *testing.T, rec *recorder, log *callLog) *mm.Client {
	t.Helper()
	c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("10086"), mm.WithToken("t"),
		mm.WithHTTPClient(&http.Client{Transport: testTransport}), mm.WithObserver(log.observer()))
	require.NoError(t, err)
	return c
}

const detailData = `{"id":42,"customerNo":"86000020","country":"GB","status":1}`

func TestGetByCustomerNumberSendsLookupThenDetail(t *testing.T) {
	t.Parallel()
	record := func(no string, id int) string {
		return fmt.Sprintf(`{"id":%d,"customerNo":%q,"status":1}`, id, no)
	}
	lookupBody := `{"customerNo":"86000020","size":100,"current":1}`
	detailBody := func(id string) string { return `{"type":"baseInfo","id":"` + id + `","customerNo":"86000020"}` }
	tests := []struct {
		name     string
		p        mm.CustomerDetailParams
		page     func(w http.ResponseWriter, r *http.Request)
		detail   func(w http.ResponseWriter, r *http.Request)
		want     []sent
		calls    []string
		wantErr  []error // errors.Is targets; nil: success
		wantType error
	}{
		{name: "exact match", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page:   okAnswer(`{"current":1,"size":100,"total":1,"records":[` + record("86000020", 42) + `]}`),
			detail: okAnswer(detailData),
			want:   []sent{{opPage, "order-7-lookup", lookupBody}, {opDetail, "order-7", detailBody("42")}},
			calls:  []string{"start " + opPage, "done " + opPage + " success", "start " + opDetail, "done " + opDetail + " success"}},
		{name: "partial matches first, IDs as strings", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page: okAnswer(`{"current":"1","size":"100","total":"3","records":[` + record("860000201", 7) + `,` + record("186000020", 8) +
				`,{"id":"42","customerNo":86000020}]}`),
			detail: okAnswer(detailData),
			want:   []sent{{opPage, "order-7-lookup", lookupBody}, {opDetail, "order-7", detailBody("42")}},
			calls:  []string{"start " + opPage, "done " + opPage + " success", "start " + opDetail, "done " + opDetail + " success"}},
		{name: "ID given: no lookup", p: mm.CustomerDetailParams{CustomerNo: "86000020", CustomerID: 42},
			detail: okAnswer(detailData),
			want:   []sent{{opDetail, "order-7", detailBody("42")}},
			calls:  []string{"start " + opDetail, "done " + opDetail + " success"}},
		{name: "no such number", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page:    okAnswer(`{"current":1,"size":100,"total":1,"records":[` + record("860000201", 7) + `]}`),
			want:    []sent{{opPage, "order-7-lookup", lookupBody}},
			calls:   []string{"start " + opPage, "done " + opPage + " bad_response"},
			wantErr: []error{mm.ErrNotFound}, wantType: &mm.ResponseError{}},
		{name: "empty list", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page:    okAnswer(`{"current":1,"size":100,"total":0,"records":null}`),
			want:    []sent{{opPage, "order-7-lookup", lookupBody}},
			calls:   []string{"start " + opPage, "done " + opPage + " bad_response"},
			wantErr: []error{mm.ErrNotFound}, wantType: &mm.ResponseError{}},
		{name: "record without ID", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page:    okAnswer(`{"current":1,"size":100,"total":1,"records":[{"customerNo":"86000020"}]}`),
			want:    []sent{{opPage, "order-7-lookup", lookupBody}},
			calls:   []string{"start " + opPage, "done " + opPage + " bad_response"},
			wantErr: []error{mm.ErrBadResponse}, wantType: &mm.ResponseError{}},
		{name: "lookup refused", p: mm.CustomerDetailParams{CustomerNo: "86000020"},
			page:    errAnswer("GGATEWAY_CODE_019", "no right"),
			want:    []sent{{opPage, "order-7-lookup", lookupBody}},
			calls:   []string{"start " + opPage, "done " + opPage + " api_error"},
			wantErr: []error{mm.ErrUnauthorized}, wantType: &mm.APIError{}},
		{name: "detail refused", p: mm.CustomerDetailParams{CustomerNo: "86000020", Section: mm.DetailKYC},
			page:    okAnswer(`{"records":[` + record("86000020", 42) + `]}`),
			detail:  errAnswer("USCUSTOMER_API_0000003", "Data not exist"),
			want:    []sent{{opPage, "order-7-lookup", lookupBody}, {opDetail, "order-7", `{"type":"kyc","id":"42","customerNo":"86000020"}`}},
			calls:   []string{"start " + opPage, "done " + opPage + " success", "start " + opDetail, "done " + opDetail + " api_error"},
			wantErr: []error{mm.ErrNotFound}, wantType: &mm.APIError{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, route(map[string]func(http.ResponseWriter, *http.Request){opPage: tc.page, opDetail: tc.detail}))
			var log callLog
			c := recorderClient(t, rec, &log)
			var meta mm.Response
			d, err := c.Customers.Get(context.Background(), &tc.p, mm.WithTrace("order-7"), mm.WithResponseInto(&meta))
			assert.Equal(t, tc.want, rec.sent())
			assert.Equal(t, tc.calls, log.get())
			assert.Equal(t, tc.want[len(tc.want)-1].trace, meta.Trace, "WithResponseInto holds the last request's")
			if tc.wantErr != nil {
				for _, target := range tc.wantErr {
					require.ErrorIs(t, err, target)
				}
				require.IsType(t, tc.wantType, err, "%v", err)
				require.Nil(t, d)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, int64(42), d.ID)
			assert.Equal(t, "86000020", d.CustomerNo)
		})
	}
}

func TestListAccountsAcrossModesOnTheFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	// Registered spot first: the list still comes in mode order.
	both := register(t, c, "7700900456", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"},
		mm.TradeTypeCurrency{TradeType: mm.TradeTypeCrossContract, Currency: "USDT"})
	dflt := register(t, c, "7700900457") // the group's default account
	tests := []struct {
		name     string
		p        mm.AccountListParams
		requests int
		want     []mm.TradeType
		wantErr  error
	}{
		{"every mode", mm.AccountListParams{CustomerNo: both}, 3, []mm.TradeType{mm.TradeTypeCrossContract, mm.TradeTypeSpot}, nil},
		{"one mode", mm.AccountListParams{CustomerNo: both, TradeType: mm.TradeTypeSpot}, 1, []mm.TradeType{mm.TradeTypeSpot}, nil},
		{"every mode, default account", mm.AccountListParams{CustomerNo: dflt}, 3, []mm.TradeType{mm.TradeTypeCrossContract}, nil},
		{"one mode without accounts", mm.AccountListParams{CustomerNo: dflt, TradeType: mm.TradeTypeSpot}, 1, nil, nil},
		{"unknown customer: the first mode's error", mm.AccountListParams{CustomerNo: "99999999"}, 1, nil, mm.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Requests(opAccounts)
			accts, err := c.Customers.ListAccounts(ctx, &tc.p)
			assert.Equal(t, tc.requests, srv.Requests(opAccounts)-before, "requests")
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Nil(t, accts)
				return
			}
			require.NoError(t, err)
			var got []mm.TradeType
			for _, a := range accts {
				got = append(got, a.TradeType)
				assert.Equal(t, tc.p.CustomerNo, a.CustomerNo)
				assert.Equal(t, "USDT", a.Currency)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestListAccountsAcrossModesSendsOneRequestPerMode(t *testing.T) {
	t.Parallel()
	acct := func(id, tt int, cur string) string {
		return fmt.Sprintf(`{"accountId":%d,"customerNo":"86000020","tradeType":%d,"currency":%q,"balance":"1.5"}`, id, tt, cur)
	}
	byMode := func(answers map[string]string) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				TradeType json.Number `json:"tradeType"`
			}
			b, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(b, &body)
			a, ok := answers[string(body.TradeType)]
			switch {
			case !ok:
				http.Error(w, "unexpected mode", http.StatusBadRequest)
			case strings.HasPrefix(a, "ERR "):
				errAnswer(strings.TrimPrefix(a, "ERR "), "refused")(w, r)
			default:
				okAnswer(a)(w, r)
			}
		}
	}
	body := func(tt int) string { return fmt.Sprintf(`{"customerNo":"86000020","tradeType":%d}`, tt) }
	all3 := []sent{{opAccounts, "acc-tt1", body(1)}, {opAccounts, "acc-tt2", body(2)}, {opAccounts, "acc-tt5", body(5)}}
	calls := func(outcomes ...string) []string {
		var out []string
		for _, o := range outcomes {
			out = append(out, "start "+opAccounts, "done "+opAccounts+" "+o)
		}
		return out
	}
	type acc struct {
		id  int64
		tt  mm.TradeType
		cur string
	}
	tests := []struct {
		name    string
		tt      mm.TradeType
		answers map[string]string
		want    []sent
		calls   []string
		accts   []acc
		wantErr error
	}{
		{name: "every mode, in mode order", answers: map[string]string{
			"1": `[` + acct(10, 1, "USDT") + `]`, "2": `[]`, "5": `[` + acct(30, 5, "USDT") + `,` + acct(30, 5, "BTC") + `]`},
			want: all3, calls: calls("success", "success", "success"),
			accts: []acc{{10, 1, "USDT"}, {30, 5, "USDT"}, {30, 5, "BTC"}}},
		{name: "one account as an object, null for a mode", answers: map[string]string{
			"1": acct(10, 1, "USDT"), "2": `null`, "5": `[]`},
			want: all3, calls: calls("success", "success", "success"), accts: []acc{{10, 1, "USDT"}}},
		{name: "a server ignoring tradeType: each account once", answers: map[string]string{
			"1": `[` + acct(10, 1, "USDT") + `,` + acct(30, 5, "USDT") + `]`,
			"2": `[` + acct(10, 1, "USDT") + `,` + acct(30, 5, "USDT") + `]`,
			"5": `[` + acct(10, 1, "USDT") + `,` + acct(30, 5, "USDT") + `]`},
			want: all3, calls: calls("success", "success", "success"), accts: []acc{{10, 1, "USDT"}, {30, 5, "USDT"}}},
		{name: "second mode refused: no partial list, no third request", answers: map[string]string{
			"1": `[` + acct(10, 1, "USDT") + `]`, "2": "ERR GGATEWAY_CODE_019", "5": `[]`},
			want: all3[:2], calls: calls("success", "api_error"), wantErr: mm.ErrUnauthorized},
		{name: "one mode: one request, the caller's trace", tt: mm.TradeTypeSpot, answers: map[string]string{"5": `[` + acct(30, 5, "USDT") + `]`},
			want: []sent{{opAccounts, "acc", body(5)}}, calls: calls("success"), accts: []acc{{30, 5, "USDT"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, byMode(tc.answers))
			var log callLog
			c := recorderClient(t, rec, &log)
			var meta mm.Response
			accts, err := c.Customers.ListAccounts(context.Background(), &mm.AccountListParams{CustomerNo: "86000020", TradeType: tc.tt},
				mm.WithTrace("acc"), mm.WithResponseInto(&meta))
			assert.Equal(t, tc.want, rec.sent())
			assert.Equal(t, tc.calls, log.get())
			assert.Equal(t, tc.want[len(tc.want)-1].trace, meta.Trace, "WithResponseInto holds the last request's")
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Nil(t, accts)
				return
			}
			require.NoError(t, err)
			var got []acc
			for _, a := range accts {
				got = append(got, acc{a.AccountID, a.TradeType, a.Currency})
				assert.Equal(t, "1.5", a.Balance.String())
			}
			assert.Equal(t, tc.accts, got)
		})
	}
}

func TestSpotBonusAfterRegister(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	noSpot := register(t, c, "7700900789") // the group's default: a cross-contract account only
	spot := register(t, c, "7700900790", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	bonus := func(no, activity string) *mm.BonusParams {
		return &mm.BonusParams{CustomerNo: no, ActivityID: activity, Currency: "USDT", Amount: mm.MustDecimal("10")}
	}

	_, err := c.Bonuses.Issue(ctx, bonus(noSpot, "a-1"))
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, mm.CodeFS404, apiErr.Code)
	require.ErrorIs(t, err, mm.ErrNotFound)
	assert.Contains(t, apiErr.Hint, "no spot account")
	assert.Contains(t, err.Error(), `FS404 "Data is not found" (trace `)
	assert.True(t, strings.HasSuffix(err.Error(), "which registration opens when RegisterParams.TradeTypeCurrencies lists TradeTypeSpot"), err.Error())
	bal, ok := srv.Balance(noSpot, 1, "USDT")
	assert.True(t, ok)
	assert.Equal(t, "0.000000", bal, "nothing was credited")

	res, err := c.Bonuses.Issue(ctx, bonus(spot, "a-2"))
	require.NoError(t, err)
	assert.Equal(t, "10.000000", res.Amount.String())
	bal, _ = srv.Balance(spot, 5, "USDT")
	assert.Equal(t, "10.000000", bal)

	// Other codes carry no hint.
	_, err = c.Bonuses.Issue(ctx, bonus(spot, "a-2"))
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, mm.CodeFS570001, apiErr.Code)
	assert.Empty(t, apiErr.Hint)
}

func TestBonusFS404HintOnTheWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, code string
		wantHint   bool
	}{
		{"FS404", "FS404", true},
		{"other not-found code", "USCUSTOMER_API_0000003", false},
		{"duplicate activity", "FS570001", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, errAnswer(tc.code, "Data is not found"))
			var log callLog
			c := recorderClient(t, rec, &log)
			_, err := c.Bonuses.Issue(context.Background(), &mm.BonusParams{CustomerNo: "86000020", ActivityID: "a-1",
				Currency: "USDT", Amount: mm.MustDecimal("10")}, mm.WithTrace("b-1"))
			var apiErr *mm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, []sent{{opBonus, "b-1",
				`{"customerNo":"86000020","tradeType":5,"companyId":"10086","activityId":"a-1","currencyBonus":"USDT","bonus":10,"activityCustomerNo":"","type":1}`}},
				rec.sent(), "one request, never resent")
			want := `multimarkets: ` + opBonus + `: ` + tc.code + ` "Data is not found" (trace b-1, HTTP 200)`
			if tc.wantHint {
				want += ": no such customer, or the customer has no spot account: bonuses go to the spot account, " +
					"which registration opens when RegisterParams.TradeTypeCurrencies lists TradeTypeSpot"
			}
			assert.Equal(t, want, err.Error())
			assert.Equal(t, tc.wantHint, apiErr.Hint != "")
			// The observer sees the error as the caller gets it.
			log.mu.Lock()
			defer log.mu.Unlock()
			require.Len(t, log.errs, 1)
			assert.Equal(t, want, log.errs[0].Error())
			assert.True(t, errors.Is(log.errs[0], mm.ErrNotFound) == (tc.code != "FS570001"))
		})
	}
}
