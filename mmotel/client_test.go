package mmotel_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const (
	opRegister = "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"
	opAuth     = "admin.admin.CompanyAuthDubboService.auth"

	testPhone    = "13912345678"
	testEmail    = "jane.doe@example.com"
	testPassword = "S3cret-pass"
)

func registerParams() *mm.RegisterParams {
	return &mm.RegisterParams{
		Phone: testPhone, PhoneArea: "+86", Email: testEmail, Password: mm.PlainPassword(testPassword),
		Country: "CN", Source: mm.SourceH5, CustomerGroupID: 1,
	}
}

// fixture is a fake server and a client observed by a recorder; calls run
// under the caller span "caller".
type fixture struct {
	srv    *mmtest.Server
	client *mm.Client
	rec    *recorder
	ctx    context.Context
	caller trace.Span
}

func newFixture(t *testing.T, appCredentials bool, recOpts []mmotel.Option, opts ...mm.Option) *fixture {
	t.Helper()
	f := &fixture{srv: mmtest.NewServer(), rec: newRecorder(t, recOpts...)}
	t.Cleanup(f.srv.Close)
	auth := mm.WithToken(f.srv.Token)
	if appCredentials {
		auth = mm.WithAppCredentials(f.srv.AppID, f.srv.AppSecret)
	}
	c, err := mm.NewClient(append([]mm.Option{mm.WithBaseURL(f.srv.URL), mm.WithCompanyID(f.srv.CompanyID), auth,
		mm.WithObserver(f.rec.tel.Client())}, opts...)...)
	require.NoError(t, err)
	f.client = c
	f.ctx, f.caller = f.rec.tp.Tracer("test").Start(context.Background(), "caller")
	t.Cleanup(func() { f.caller.End() })
	return f
}

// sensitive are the personal data and secrets the tests use; no span or
// metric may hold any of them.
func (f *fixture) sensitive() []string {
	return []string{testPhone, testEmail, testPassword, mm.MD5Hex(testPassword), f.srv.AppSecret, f.srv.Token, "ledger-user-7"}
}

func assertNothingSensitive(t *testing.T, r *recorder, sensitive []string) {
	t.Helper()
	values := r.everyAttributeValue(t)
	require.NotEmpty(t, values)
	for _, v := range values {
		for _, s := range sensitive {
			assert.NotContains(t, v, s)
		}
	}
}

// span is what the tests compare of a span.
type span struct {
	Name   string
	Kind   trace.SpanKind
	Parent string // the parent span's name, "" for a root
	Attrs  map[string]any
	Status codes.Code
	Desc   string
}

// summarize reduces the ended spans (in end order) to what the tests
// compare, naming each parent.
func summarize(spans []sdktrace.ReadOnlySpan, caller trace.Span) []span {
	names := map[trace.SpanID]string{caller.SpanContext().SpanID(): "caller"}
	for _, s := range spans {
		names[s.SpanContext().SpanID()] = s.Name()
	}
	var out []span
	for _, s := range spans {
		parent := ""
		if s.Parent().IsValid() {
			parent = names[s.Parent().SpanID()]
		}
		out = append(out, span{Name: s.Name(), Kind: s.SpanKind(), Parent: parent, Attrs: attrs(s.Attributes()),
			Status: s.Status().Code, Desc: s.Status().Description})
	}
	return out
}

// exceptionEvents returns the exception events' attributes of the span named name.
func exceptionEvents(spans []sdktrace.ReadOnlySpan, name string) []map[string]any {
	var out []map[string]any
	for _, s := range spans {
		if s.Name() != name {
			continue
		}
		for _, e := range s.Events() {
			if e.Name == "exception" {
				out = append(out, attrs(e.Attributes))
			}
		}
	}
	return out
}

// accounts looks a customer's accounts up: a read that names the customer.
func accounts(ctx context.Context, c *mm.Client, customerNo string) ([]mm.Account, error) {
	return c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: customerNo, TradeType: mm.TradeTypeCrossContract})
}

func TestRegistration(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	var meta mm.Response
	reg, err := f.client.Customers.Register(f.ctx, registerParams(), mm.WithResponseInto(&meta))
	require.NoError(t, err)

	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": reg.Trace, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"http.response.status_code": int64(200), "multimarkets.code": "0",
		}},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "success",
			"multimarkets.attempts": int64(1), "multimarkets.trace": reg.Trace,
		}},
	}, summarize(f.rec.ended(), f.caller))

	m := f.rec.metrics(t)
	assert.Equal(t, []point{{"multimarkets.operation=" + opRegister + ",multimarkets.outcome=success", 1}},
		points(t, m[mmotel.MetricCallDuration]))
	assert.Equal(t, "s", m[mmotel.MetricCallDuration].Unit)
	assert.Equal(t, []point{{"http.response.status_code=200,multimarkets.operation=" + opRegister, 1}},
		points(t, m[mmotel.MetricAttempts]))
	assert.Equal(t, []point{{"http.response.status_code=200,multimarkets.operation=" + opRegister, 1}},
		points(t, m[mmotel.MetricAttemptDuration]))
	for _, name := range []string{mmotel.MetricRetries, mmotel.MetricRateLimited, mmotel.MetricRateLimitRemaining, mmotel.MetricTokenRenewals} {
		assert.NotContains(t, m, name, "nothing recorded for %s", name)
	}
	assertNothingSensitive(t, f.rec, f.sensitive())
}

func TestDuplicatePhone(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	_, err := f.client.Customers.Register(context.Background(), registerParams())
	require.NoError(t, err)
	f.rec.spans.Reset()

	_, err = f.client.Customers.Register(f.ctx, registerParams())
	require.ErrorIs(t, err, mm.ErrDuplicatePhone)
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr)
	const code = "USCUSTOMER_API_0000106"
	desc := "api_error " + code

	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": apiErr.Trace, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"http.response.status_code": int64(200), "multimarkets.code": code, "error.type": code,
		}, Status: codes.Error, Desc: desc},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "api_error",
			"multimarkets.attempts": int64(1), "multimarkets.trace": apiErr.Trace, "multimarkets.code": code, "error.type": code,
		}, Status: codes.Error, Desc: desc},
	}, summarize(f.rec.ended(), f.caller))
	assert.Equal(t, []map[string]any{{"exception.type": "*multimarkets.APIError", "exception.message": desc}},
		exceptionEvents(f.rec.ended(), "multimarkets "+opRegister))

	m := f.rec.metrics(t)
	assert.Equal(t, []point{
		{"error.type=" + code + ",multimarkets.operation=" + opRegister + ",multimarkets.outcome=api_error", 1},
		{"multimarkets.operation=" + opRegister + ",multimarkets.outcome=success", 1},
	}, points(t, m[mmotel.MetricCallDuration]))
	assert.Equal(t, []point{
		{"error.type=" + code + ",http.response.status_code=200,multimarkets.operation=" + opRegister, 1},
		{"http.response.status_code=200,multimarkets.operation=" + opRegister, 1},
	}, points(t, m[mmotel.MetricAttempts]))
	assertNothingSensitive(t, f.rec, f.sensitive())
}

func TestLostAnswerIsUnknownOutcome(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	f.srv.InjectFault(opRegister, mmtest.DropAfterActing())
	_, err := f.client.Customers.Register(f.ctx, registerParams())
	require.ErrorIs(t, err, mm.ErrUnknownOutcome)
	var uo *mm.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	desc := "unknown_outcome: the write may have been carried out; look it up by multimarkets.trace before trying again"

	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": uo.Trace, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"error.type": "transport_error",
		}, Status: codes.Error, Desc: "transport_error"},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "unknown_outcome",
			"multimarkets.attempts": int64(1), "multimarkets.trace": uo.Trace, "error.type": "unknown_outcome",
		}, Status: codes.Error, Desc: desc},
	}, summarize(f.rec.ended(), f.caller))
	assert.Equal(t, []map[string]any{{"exception.type": "*multimarkets.UnknownOutcomeError", "exception.message": desc}},
		exceptionEvents(f.rec.ended(), "multimarkets "+opRegister))

	m := f.rec.metrics(t)
	assert.Equal(t, []point{{"error.type=unknown_outcome,multimarkets.operation=" + opRegister + ",multimarkets.outcome=unknown_outcome", 1}},
		points(t, m[mmotel.MetricCallDuration]))
	assert.Equal(t, []point{{"error.type=transport_error,multimarkets.operation=" + opRegister, 1}},
		points(t, m[mmotel.MetricAttempts]))
	assert.NotContains(t, m, mmotel.MetricRetries, "a write whose outcome is unknown is never resent")
	assertNothingSensitive(t, f.rec, f.sensitive())
}

func TestRateLimitedThenSuccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil, mm.WithRetryPolicy(mm.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	f.srv.InjectFault(opRegister, mmtest.RateLimited(0))
	reg, err := f.client.Customers.Register(f.ctx, registerParams())
	require.NoError(t, err)
	first := strings.TrimSuffix(reg.Trace, "-r2")
	require.NotEqual(t, first, reg.Trace, "the second request has its own trace")

	spans := summarize(f.rec.ended(), f.caller)
	require.Len(t, spans, 3)
	delay, ok := spans[0].Attrs["multimarkets.retry.delay"].(float64)
	require.True(t, ok, "the retry's delay is recorded")
	assert.LessOrEqual(t, delay, 0.001)
	const code = "GGATEWAY_CODE_018"
	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": first, "multimarkets.request.sent": true, "multimarkets.retry": true,
			"multimarkets.retry.delay": delay, "http.response.status_code": int64(429), "multimarkets.code": code,
			"error.type": code, "multimarkets.rate_limit.remaining": int64(0), "multimarkets.rate_limit.limit": int64(300),
			"multimarkets.rate_limit.reset": float64(0),
		}, Status: codes.Error, Desc: "api_error " + code},
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(2),
			"http.request.resend_count": int64(1), "multimarkets.trace": reg.Trace, "multimarkets.request.sent": true,
			"multimarkets.retry": false, "http.response.status_code": int64(200), "multimarkets.code": "0",
		}},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "success",
			"multimarkets.attempts": int64(2), "multimarkets.trace": reg.Trace,
		}},
	}, spans)

	m := f.rec.metrics(t)
	op := "multimarkets.operation=" + opRegister
	assert.Equal(t, []point{{op + ",multimarkets.outcome=success", 1}}, points(t, m[mmotel.MetricCallDuration]))
	assert.Equal(t, []point{
		{"error.type=" + code + ",http.response.status_code=429," + op, 1},
		{"http.response.status_code=200," + op, 1},
	}, points(t, m[mmotel.MetricAttempts]))
	assert.Equal(t, []point{{"error.type=rate_limited," + op, 1}}, points(t, m[mmotel.MetricRetries]))
	assert.Equal(t, []point{{op, 1}}, points(t, m[mmotel.MetricRateLimited]))
	assert.Equal(t, []point{{op, 0}}, points(t, m[mmotel.MetricRateLimitRemaining]))
	assertNothingSensitive(t, f.rec, f.sensitive())
}

func TestTokenRenewal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true, nil)
	_, err := f.client.Auth.Authorize(context.Background())
	require.NoError(t, err)
	f.rec.spans.Reset()
	f.srv.ExpireTokens()

	reg, err := f.client.Customers.Register(f.ctx, registerParams())
	require.NoError(t, err)

	spans := summarize(f.rec.ended(), f.caller)
	require.Len(t, spans, 6, "%+v", spans)
	authTrace, _ := spans[1].Attrs["multimarkets.trace"].(string)
	require.NotEmpty(t, authTrace)
	first := strings.TrimSuffix(reg.Trace, "-r2")
	const expired = "GGATEWAY_CODE_005"
	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": first, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"multimarkets.token_expired": true, "http.response.status_code": int64(200), "multimarkets.code": expired,
			"error.type": expired,
		}, Status: codes.Error, Desc: "api_error " + expired},
		{Name: "POST " + opAuth, Kind: trace.SpanKindClient, Parent: "multimarkets " + opAuth, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opAuth, "multimarkets.attempt": int64(1),
			"multimarkets.trace": authTrace, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"http.response.status_code": int64(200), "multimarkets.code": "0",
		}},
		{Name: "multimarkets " + opAuth, Kind: trace.SpanKindInternal, Parent: "multimarkets token renewal", Attrs: map[string]any{
			"multimarkets.operation": opAuth, "multimarkets.write": false, "multimarkets.outcome": "success",
			"multimarkets.attempts": int64(1), "multimarkets.trace": authTrace,
		}},
		{Name: "multimarkets token renewal", Kind: trace.SpanKindInternal, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.outcome": "success",
		}},
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(2),
			"http.request.resend_count": int64(1), "multimarkets.trace": reg.Trace, "multimarkets.request.sent": true,
			"multimarkets.retry": false, "http.response.status_code": int64(200), "multimarkets.code": "0",
		}},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "success",
			"multimarkets.attempts": int64(2), "multimarkets.trace": reg.Trace,
		}},
	}, spans)

	m := f.rec.metrics(t)
	assert.Equal(t, []point{{"multimarkets.outcome=success", 1}}, points(t, m[mmotel.MetricTokenRenewals]))
	assert.Equal(t, []point{
		{"multimarkets.operation=" + opAuth + ",multimarkets.outcome=success", 2},
		{"multimarkets.operation=" + opRegister + ",multimarkets.outcome=success", 1},
	}, points(t, m[mmotel.MetricCallDuration]))
	assertNothingSensitive(t, f.rec, f.sensitive())
}

// TestNoPersonalDataOrSecrets runs registrations that succeed, are refused
// (the server's message may echo the phone), lose their answer and renew
// their token, with customer numbers opted in, and checks that no span
// name, attribute, event, status or metric attribute holds the phone, the
// e-mail address, the password or its hash, the app secret or a token.
func TestNoPersonalDataOrSecrets(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true, []mmotel.Option{mmotel.WithCustomerNumbers()})
	ctx := f.ctx
	reg, err := f.client.Customers.Register(ctx, registerParams())
	require.NoError(t, err)
	_, err = f.client.Customers.Register(ctx, registerParams())
	require.Error(t, err)
	p := registerParams()
	p.Phone, p.Email = "13912345679", "jane.doe2@example.com"
	f.srv.InjectFault(opRegister, mmtest.DropAfterActing())
	_, err = f.client.Customers.Register(ctx, p)
	require.ErrorIs(t, err, mm.ErrUnknownOutcome)
	f.srv.ExpireTokens()
	_, err = accounts(ctx, f.client, reg.CustomerNo)
	require.NoError(t, err)

	tokens := []string{f.srv.Token}
	if tok, err := f.client.Token(context.Background()); err == nil {
		tokens = append(tokens, tok)
	}
	assertNothingSensitive(t, f.rec, append(append(f.sensitive(), "13912345679", "jane.doe2@example.com"), tokens...))

	// The opt-in customer number is a span attribute, never a metric one.
	var found bool
	for _, s := range f.rec.ended() {
		if v, ok := attrs(s.Attributes())["multimarkets.customer_no"]; ok {
			assert.Equal(t, reg.CustomerNo, v)
			found = true
		}
	}
	assert.True(t, found, "customer numbers are recorded when opted in")
	for name, m := range f.rec.metrics(t) {
		for _, p := range points(t, m) {
			assert.NotContains(t, p.Attrs, reg.CustomerNo, name)
			assert.NotContains(t, p.Attrs, "trace", name)
		}
	}
}

// TestCustomerNumbersOnlyWhenOptedIn: without WithCustomerNumbers no span
// carries a customer number.
func TestCustomerNumbersOnlyWhenOptedIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	reg, err := f.client.Customers.Register(f.ctx, registerParams())
	require.NoError(t, err)
	_, err = accounts(f.ctx, f.client, reg.CustomerNo)
	require.NoError(t, err)
	for _, v := range f.rec.everyAttributeValue(t) {
		assert.NotContains(t, v, reg.CustomerNo)
	}
}

// TestRefusedRegistration: params the SDK refuses before sending give one
// call span, outcome validation_error, no attempt span, and a call-duration
// point; nothing of the refused phone in any attribute.
func TestRefusedRegistration(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	p := registerParams()
	p.Phone = testPhone + "x"
	_, err := f.client.Customers.Register(f.ctx, p)
	require.ErrorIs(t, err, mm.ErrValidation)

	assert.Equal(t, []span{
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "validation_error",
			"multimarkets.attempts": int64(0), "error.type": "validation_error",
		}, Status: codes.Error, Desc: "validation_error"},
	}, summarize(f.rec.ended(), f.caller))

	m := f.rec.metrics(t)
	assert.Equal(t, []point{{"error.type=validation_error,multimarkets.operation=" + opRegister + ",multimarkets.outcome=validation_error", 1}},
		points(t, m[mmotel.MetricCallDuration]))
	assert.NotContains(t, m, mmotel.MetricAttempts)
	assertNothingSensitive(t, f.rec, f.sensitive())
}

// TestSuccessWithoutCustomerNumber: a registration the server answers with
// success but no customer number is an unknown outcome for the caller, and
// so for its span and metrics.
func TestSuccessWithoutCustomerNumber(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false, nil)
	f.srv.InjectFault(opRegister, &mmtest.Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"msg":"Success","fail":false,"trace":%q,"code":"0","data":null,"ok":true}`, r.Header.Get("trace"))
		return true
	}})
	_, err := f.client.Customers.Register(f.ctx, registerParams())
	require.ErrorIs(t, err, mm.ErrUnknownOutcome)

	var uo *mm.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, []span{
		{Name: "POST " + opRegister, Kind: trace.SpanKindClient, Parent: "multimarkets " + opRegister, Attrs: map[string]any{
			"http.request.method": "POST", "multimarkets.operation": opRegister, "multimarkets.attempt": int64(1),
			"multimarkets.trace": uo.Trace, "multimarkets.request.sent": true, "multimarkets.retry": false,
			"http.response.status_code": int64(200), "multimarkets.code": "0",
		}},
		{Name: "multimarkets " + opRegister, Kind: trace.SpanKindInternal, Parent: "caller", Attrs: map[string]any{
			"multimarkets.operation": opRegister, "multimarkets.write": true, "multimarkets.outcome": "unknown_outcome",
			"multimarkets.attempts": int64(1), "multimarkets.trace": uo.Trace, "error.type": "unknown_outcome",
		}, Status: codes.Error, Desc: "unknown_outcome: the write may have been carried out; look it up by multimarkets.trace before trying again"},
	}, summarize(f.rec.ended(), f.caller))
	assert.Equal(t, []point{{"error.type=unknown_outcome,multimarkets.operation=" + opRegister + ",multimarkets.outcome=unknown_outcome", 1}},
		points(t, f.rec.metrics(t)[mmotel.MetricCallDuration]))
}
