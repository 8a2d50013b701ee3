package multimarkets_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestEnsureRegistered: whatever happens to the answers, one customer.
func TestEnsureRegistered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		faults      []*mmtest.Fault
		preRegister bool
		wantCreated bool
		wantActed   int
	}{
		{"new customer", nil, false, true, 1},
		{"already registered", nil, true, false, 1},
		{"answer lost after acting", []*mmtest.Fault{mmtest.DropAfterActing()}, false, true, 1},
		{"request lost before acting", []*mmtest.Fault{mmtest.DropBeforeActing()}, false, true, 1},
		{"truncated answer", []*mmtest.Fault{mmtest.TruncatedAfterActing()}, false, true, 1},
		{"timeout after acting", []*mmtest.Fault{mmtest.DelayAfterActing(time.Hour)}, false, true, 1},
		{"two lost requests", []*mmtest.Fault{mmtest.DropBeforeActing(), mmtest.GatewayHTML(502)}, false, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t, nil, mm.WithRetryPolicy(fastRetries), mm.WithTimeout(attemptTimeout))
			ctx := context.Background()
			var first string
			if tt.preRegister {
				reg, err := c.Customers.Register(ctx, validParams())
				require.NoError(t, err)
				first = reg.CustomerNo
			}
			srv.InjectFault(opRegister, tt.faults...)
			res, err := c.Customers.EnsureRegistered(ctx, validParams())
			require.NoError(t, err)
			assert.Equal(t, tt.wantCreated, res.Created)
			assert.Equal(t, tt.wantCreated, res.Trace != "", "the creating request's trace")
			require.Len(t, srv.Customers(), 1, "exactly one customer")
			assert.Equal(t, srv.Customers()[0].CustomerNo, res.CustomerNo)
			if first != "" {
				assert.Equal(t, first, res.CustomerNo)
			}
			assert.Equal(t, tt.wantActed, srv.Acted(opRegister))
		})
	}
}

func TestEnsureRegisteredByEmailAndRefusals(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	p := validParams()
	p.Phone, p.Email = "", "ann@example.com"
	res, err := c.Customers.EnsureRegistered(ctx, p)
	require.NoError(t, err)
	assert.True(t, res.Created)
	res2, err := c.Customers.EnsureRegistered(ctx, p)
	require.NoError(t, err)
	assert.False(t, res2.Created)
	assert.Equal(t, res.CustomerNo, res2.CustomerNo)

	bad := validParams()
	bad.Phone, bad.CustomerGroupID = "13911110000", 77
	_, err = c.Customers.EnsureRegistered(ctx, bad)
	assert.ErrorIs(t, err, mm.ErrCustomerGroupMissing)
	assert.Len(t, srv.Customers(), 1)
}

// TestEnsureRegisteredConflicts: a customer matching only some of the
// identifiers is a conflict, never reported as "this customer".
func TestEnsureRegisteredConflicts(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	a := validParams()
	a.Phone, a.Email, a.ThirdPartyCode = "13800000011", "shared@example.com", "crm-1"
	_, err := c.Customers.Register(ctx, a)
	require.NoError(t, err)

	tests := []struct {
		name string
		edit func(p *mm.RegisterParams)
	}{
		{"e-mail taken, phone free", func(p *mm.RegisterParams) { p.Phone, p.Email = "13900000022", "shared@example.com" }},
		{"phone taken, e-mail free", func(p *mm.RegisterParams) { p.Phone, p.Email = "13800000011", "other@example.com" }},
		{"third-party code taken", func(p *mm.RegisterParams) { p.Phone, p.ThirdPartyCode = "13900000033", "crm-1" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.edit(p)
			res, err := c.Customers.EnsureRegistered(ctx, p)
			assert.Nil(t, res)
			assert.ErrorIs(t, err, mm.ErrAlreadyExists)
		})
	}
	assert.Len(t, srv.Customers(), 1)
}

// TestEnsureRegisteredTraces: with WithTrace, each request of the call
// keeps a unique trace derived from the caller's.
func TestEnsureRegisteredTraces(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	srv, c := newFake(t, nil, mm.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := context.Background()
	srv.SeedCustomers(2500) // the lookup walks two pages
	p := validParams()
	p.Email = "ann@example.com"
	_, err := c.Customers.Register(ctx, p)
	require.NoError(t, err)
	res, err := c.Customers.EnsureRegistered(ctx, p, mm.WithTrace("imp-7"))
	require.NoError(t, err)
	assert.False(t, res.Created)
	assert.NotEmpty(t, res.CustomerNo)
	for _, tr := range []string{"trace=imp-7-exists-phone ", "trace=imp-7-exists-email ", "trace=imp-7-lookup ", "trace=imp-7-lookup-p2 "} {
		assert.Contains(t, logs.String(), tr)
	}
}

const opPage = "customer.admin.WhiteCustomerAdminApiService.page"

// listWithout answers one customer-list page with no customers, as a server
// that does not show the customer (masked contacts, a list too long).
func listWithout() *mmtest.Fault {
	return &mmtest.Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"code":"0","msg":"Success","ok":true,"fail":false,"bizCode":"","msgParams":null,"tm":1,"trace":"`+
			r.Header.Get("trace")+`","data":{"current":1,"size":2000,"total":0,"records":[]}}`)
		return true
	}}
}

// TestEnsureRegisteredNumberUnknown: when the list does not show the
// existing customer, the empty number comes with an error, never alone.
func TestEnsureRegisteredNumberUnknown(t *testing.T) {
	srv, c := newFake(t, nil)
	ctx := context.Background()
	_, err := c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	srv.InjectFault(opPage, listWithout())
	res, err := c.Customers.EnsureRegistered(ctx, validParams())
	require.ErrorIs(t, err, mm.ErrCustomerNumberUnknown)
	assert.NotErrorIs(t, err, mm.ErrNotFound)
	require.NotNil(t, res, "the facts known come with the error")
	assert.Empty(t, res.CustomerNo)
	assert.False(t, res.Created)
	assert.Len(t, srv.Customers(), 1)
	assert.Equal(t, 1, srv.Requests(opPage))

	// Found: no error, a number.
	res, err = c.Customers.EnsureRegistered(ctx, validParams())
	require.NoError(t, err)
	assert.Equal(t, srv.Customers()[0].CustomerNo, res.CustomerNo)
}

// TestEnsureRegisteredTracesAfterLostAnswers: with WithTrace, every HTTP
// request of the call carries a distinct trace starting with the caller's,
// also when answers are lost and the call checks and registers again.
func TestEnsureRegisteredTracesAfterLostAnswers(t *testing.T) {
	t.Parallel()
	for name, faults := range map[string][]*mmtest.Fault{
		"answer lost after acting":    {mmtest.DropAfterActing()},
		"request lost before acting":  {mmtest.DropBeforeActing()},
		"two lost requests":           {mmtest.DropBeforeActing(), mmtest.GatewayHTML(502)},
		"lost, then truncated answer": {mmtest.DropBeforeActing(), mmtest.TruncatedAfterActing()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var traces []string
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if !strings.Contains(r.URL.Path, "CompanyAuthDubboService") {
					mu.Lock()
					//lint:ignore SA1008 the SDK sends the documented lower-case spelling
					traces = append(traces, strings.Join(r.Header["trace"], ","))
					mu.Unlock()
				}
				return testTransport.RoundTrip(r)
			})
			srv, c := newFake(t, nil, mm.WithRetryPolicy(fastRetries), mm.WithTimeout(time.Minute), mm.WithTransport(rt))
			srv.InjectFault(opRegister, faults...)
			p := validParams()
			p.Email = "ann@example.com"
			res, err := c.Customers.EnsureRegistered(context.Background(), p, mm.WithTrace("order-42"))
			require.NoError(t, err)
			assert.True(t, res.Created)
			require.Len(t, srv.Customers(), 1)

			mu.Lock()
			defer mu.Unlock()
			require.Greater(t, len(traces), 4)
			seen := map[string]bool{}
			for _, tr := range traces {
				assert.True(t, strings.HasPrefix(tr, "order-42"), tr)
				assert.False(t, seen[tr], "trace %s sent twice (all: %v)", tr, traces)
				seen[tr] = true
			}
		})
	}
}
