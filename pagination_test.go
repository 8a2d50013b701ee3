package multimarkets_test

import (
	"context"
	"iter"
	"strconv"
	"testing"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
	"github.com/stretchr/testify/require"
)

// TestListAllIterators checks what every List…All iterator shares (one
// paginator): params are copied when the iterator is made, each range
// starts afresh at the first page, and params the page call refuses give
// one *ValidationError and no request.
func TestListAllIterators(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const opCustomers = "customer.admin.WhiteCustomerAdminApiService.page"

	count := func(seq iter.Seq2[string, error]) (n int, errs []error) {
		for _, err := range seq {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		return n, errs
	}
	customers := func(c *mm.Client, p *mm.CustomerListParams) iter.Seq2[string, error] {
		all := c.Customers.ListAll(ctx, p) // made now, ranged later
		return func(yield func(string, error) bool) {
			for cust, err := range all {
				if !yield(cust.CustomerNo, err) {
					return
				}
			}
		}
	}
	positions := func(c *mm.Client, p *mm.CompanyPositionsParams) iter.Seq2[string, error] {
		all := c.Trading.ListCompanyPositionsAll(ctx, p)
		return func(yield func(string, error) bool) {
			for pos, err := range all {
				if !yield(strconv.FormatInt(int64(pos.PositionID), 10), err) {
					return
				}
			}
		}
	}

	t.Run("params copied, every range starts afresh", func(t *testing.T) {
		t.Parallel()
		srv, c := newFake(t, nil)
		srv.SeedCustomers(25)
		all, err := c.Customers.List(ctx, &mm.CustomerListParams{PageSize: 1})
		require.NoError(t, err)
		total := int(all.Total) // the seeded ones and the fake's own
		p := &mm.CustomerListParams{PageNo: 2, PageSize: 10}
		seq := customers(c, p)
		p.PageNo, p.PageSize = 1, 1 // the caller reuses its params
		for range 2 {
			before := srv.Requests(opCustomers)
			n, errs := count(seq)
			require.Empty(t, errs)
			require.EqualValues(t, total-10, n, "pages 2 and on of 10 hold all but 10 of %d customers", total)
			require.EqualValues(t, (total+9)/10-1, srv.Requests(opCustomers)-before, "requests for one range")
		}
	})
	t.Run("positions iterator starts afresh", func(t *testing.T) {
		t.Parallel()
		srv, c := newFake(t, nil)
		seq := positions(c, &mm.CompanyPositionsParams{TradeType: mm.TradeTypeCrossContract, PageSize: 7})
		first, errs := count(seq)
		require.Empty(t, errs)
		require.EqualValues(t, mmtest.SeedOpenPositions+1, first)
		again, errs := count(seq)
		require.Empty(t, errs)
		require.EqualValues(t, first, again, "second range over the same iterator")
		require.EqualValues(t, 8, srv.Requests(opAllPositionsPage), "two ranges of 4 pages")
	})
	for name, seq := range map[string]func(c *mm.Client) iter.Seq2[string, error]{
		"ListCompanyPositionsAll(nil)": func(c *mm.Client) iter.Seq2[string, error] { return positions(c, nil) },
		"ListCompanyPositionsAll(no trade type)": func(c *mm.Client) iter.Seq2[string, error] {
			return positions(c, &mm.CompanyPositionsParams{})
		},
		"ListAll(bad page size)": func(c *mm.Client) iter.Seq2[string, error] {
			return customers(c, &mm.CustomerListParams{PageSize: mm.MaxCustomerPageSize + 1})
		},
	} {
		t.Run("refused: "+name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t, nil)
			n, errs := count(seq(c))
			require.Zero(t, n)
			require.Len(t, errs, 1, "errors: %v", errs)
			require.ErrorIs(t, errs[0], mm.ErrValidation)
			require.Zero(t, srv.Requests(opAllPositionsPage)+srv.Requests(opCustomers), "requests sent for refused params")
		})
	}
}
