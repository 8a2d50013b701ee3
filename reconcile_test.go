package multimarkets_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestEnsureRegistered: whatever happens to the answers, one customer.
func TestEnsureRegistered(t *testing.T) {
	tests := []struct {
		name        string
		faults      []*mmtest.Fault
		preRegister bool
		wantCreated bool
		wantActed   int
	}{
		{"new customer", nil, false, true, 1},
		{"already registered", nil, true, false, 1},
		{"answer lost after acting", []*mmtest.Fault{mmtest.DropAfterActing()}, false, false, 1},
		{"request lost before acting", []*mmtest.Fault{mmtest.DropBeforeActing()}, false, true, 1},
		{"truncated answer", []*mmtest.Fault{mmtest.TruncatedAfterActing()}, false, false, 1},
		{"timeout after acting", []*mmtest.Fault{mmtest.DelayAfterActing(time.Second)}, false, false, 1},
		{"two lost requests", []*mmtest.Fault{mmtest.DropBeforeActing(), mmtest.GatewayHTML(502)}, false, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newFake(t, nil, mm.WithRetryPolicy(fastRetries), mm.WithTimeout(300*time.Millisecond))
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
