package multimarkets_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const (
	opDealByID         = "report.admin.CatsTradeDealService.getTradeDealInfoByDealId"
	opDealsByOrder     = "report.admin.CatsTradeDealService.getTradeDealInfoByOrderId"
	opCancelPending    = "tradeapi.admin.OrderAdminApiService.cancelPboOrder"
	opForcedOrder      = "tradeapi.admin.OrderAdminApiService.forcedOrder"
	opCapitalFlow      = "tradeapi.admin.OrderAdminApiService.queryCapitalFlowList"
	opPositionPage     = "tradeapi.admin.OrderAdminApiService.queryPositionPage"
	opAllPositionsPage = "tradeapi.admin.PositionAdminApiService.queryAllPositionPage"
)

var seedCustomer = multimarkets.CustomerTradeParams{
	TradeType: multimarkets.TradeTypeCrossContract, CustomerNo: mmtest.TradeCustomerNo,
	CustomerID: mmtest.TradeCustomerID, CustomerGroupID: mmtest.TradeCustomerGroupID,
}

func TestTradingDeals(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t, nil)
	c := fakeClient(t, srv, multimarkets.WithToken(srv.Token))
	ctx := context.Background()
	d, err := c.Trading.GetDeal(ctx, &multimarkets.DealByIDParams{DealID: mmtest.SeedDealID})
	require.NoError(t, err)
	for _, chk := range []struct{ name, got, want string }{
		{"price", d.Price().String(), "42764.00"},
		{"amount", d.Amount().String(), "1000.0000"},
		{"fee", d.Fee().String(), "0.00046768"},
		{"converted fee", d.ConvertedFee().String(), "19.9998"},
		{"rate", d.ConvertRate.String(), "42763.99"},
		{"quantity", d.Quantity.String(), "0.02338415"},
		{"customer", d.CustomerNo, "86000280"},
		{"direction", d.Direction.String(), "buy"},
		{"biz type", d.BizType.Name(d.TradeType), "market price"},
	} {
		assert.EqualValues(t, chk.want, chk.got, "%s = %q, want %q", chk.name, chk.got, chk.want)
	}
	_, err = c.Trading.GetDeal(ctx, &multimarkets.DealByIDParams{DealID: 424242})
	require.ErrorIs(t, err, multimarkets.ErrNotFound, "unknown deal: %v", err)
	deals, err := c.Trading.ListDealsByOrder(ctx, &multimarkets.DealsByOrderIDParams{OrderID: mmtest.SeedOrderID, TradeType: multimarkets.TradeTypeSpot})
	require.NoError(t, err, "deals %+v, %v", deals, err)
	require.Len(t, deals, 1, "deals %+v, %v", deals, err)
	require.EqualValues(t, mmtest.SeedDealID, deals[0].DealID, "deals %+v, %v", deals, err)
	none, err := c.Trading.ListDealsByOrder(ctx, &multimarkets.DealsByOrderIDParams{OrderID: mmtest.SeedOrderID, TradeType: multimarkets.TradeTypeCrossContract})
	require.NoError(t, err, "wrong trade type: %+v, %v", none, err)
	require.Empty(t, none, "wrong trade type: %+v, %v", none, err)
	// Refusal: an expired token.
	srv.ExpireTokens()
	_, err = c.Trading.GetDeal(ctx, &multimarkets.DealByIDParams{DealID: mmtest.SeedDealID})
	require.ErrorIs(t, err, multimarkets.ErrTokenExpired, "expired token: %v", err)
}

func TestTradingCancelPendingOrders(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil)
	ctx := context.Background()
	keys, err := c.Trading.CancelPendingOrders(ctx, &seedCustomer)
	require.NoError(t, err)
	require.Len(t, keys, mmtest.SeedPendingOrders, "keys %v", keys)
	require.EqualValues(t, "CATS:PROORDER:1_1557311743581831168", keys[0], "keys %v", keys)
	again, err := c.Trading.CancelPendingOrders(ctx, &seedCustomer)
	require.NoError(t, err, "second cancel: %v, %v (a cancelled order cannot be cancelled twice)", again, err)
	require.Empty(t, again, "second cancel: %v, %v (a cancelled order cannot be cancelled twice)", again, err)
	wrong := seedCustomer
	wrong.CustomerID = 190 // does not match the customer number
	_, err = c.Trading.CancelPendingOrders(ctx, &wrong)
	require.ErrorIs(t, err, multimarkets.ErrNotFound, "unknown customer: %v", err)
}

func TestTradingForceClose(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil)
	ctx := context.Background()
	closed, err := c.Trading.ForceClose(ctx, &seedCustomer)
	require.NoError(t, err)
	require.Len(t, closed, mmtest.SeedOpenPositions, "closed %d: %+v", len(closed), closed[0])
	require.EqualValues(t, "-1.050000", closed[0].Profit.String(), "closed %d: %+v", len(closed), closed[0])
	require.EqualValues(t, 2, closed[0].OpenOrClose, "closed %d: %+v", len(closed), closed[0])
	require.NotEqualValues(t, closed[0].OpenDirection, closed[0].Direction, "closed %d: %+v", len(closed), closed[0])
	again, err := c.Trading.ForceClose(ctx, &seedCustomer)
	require.NoError(t, err, "nothing left to close: %v, %v", again, err)
	require.Empty(t, again, "nothing left to close: %v, %v", again, err)
	// The positions are closed now, and the closes are in the capital flow.
	for p, err := range c.Trading.ListPositionsAll(ctx, &multimarkets.PositionsParams{TradeType: 1, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1}) {
		require.NoError(t, err)
		require.EqualValues(t, multimarkets.PositionClosed, p.Status, "position %d is %v", p.PositionID, p.Status)
		require.False(t, p.ClosedAt.IsZero(), "position %d is %v", p.PositionID, p.Status)
	}
	flows, err := c.Trading.ListCapitalFlow(ctx, &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo,
		CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Direction: multimarkets.FlowDecrease, PageSize: 100})
	require.NoError(t, err, "flows %+v, %v", flows, err)
	require.EqualValues(t, mmtest.SeedOpenPositions, flows.Total, "flows %+v, %v", flows, err)
	require.EqualValues(t, multimarkets.FlowSubManualForcedClosePnL, flows.Items[0].Subtype, "flows %+v, %v", flows, err)
	// Refusal: an unknown customer.
	unknown := seedCustomer
	unknown.CustomerNo = "86999999"
	_, err = c.Trading.ForceClose(ctx, &unknown)
	require.ErrorIs(t, err, multimarkets.ErrNotFound, "unknown customer: %v", err)
}

func TestTradingCapitalFlow(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	p := &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Lang: "en_US"}
	page, err := c.Trading.ListCapitalFlow(ctx, p)
	require.NoError(t, err)
	require.EqualValues(t, mmtest.SeedCapitalFlows, page.Total, "page total %d, %d items, page %d", page.Total, len(page.Items), page.PageNo)
	require.Len(t, page.Items, multimarkets.DefaultPageSize, "page total %d, %d items, page %d", page.Total, len(page.Items), page.PageNo)
	require.True(t, page.HasNext(), "page total %d, %d items, page %d", page.Total, len(page.Items), page.PageNo)
	require.EqualValues(t, 1, page.PageNo, "page total %d, %d items, page %d", page.Total, len(page.Items), page.PageNo)
	f := page.Items[0]
	require.EqualValues(t, multimarkets.FlowCFDFullDeposit, f.Type, "first record %+v", f)
	require.EqualValues(t, "Deposit", f.TypeName, "first record %+v", f)
	require.EqualValues(t, "1.2500", f.AmountIn.String(), "first record %+v", f)
	require.EqualValues(t, 4, f.Digits, "first record %+v", f)
	require.EqualValues(t, multimarkets.FlowStatusSucceeded, f.Status, "first record %+v", f)
	require.False(t, f.CreatedAt.IsZero(), "first record %+v", f)
	n := 0
	for _, err := range c.Trading.ListCapitalFlowAll(ctx, p) {
		require.NoError(t, err)
		n++
	}
	require.EqualValues(t, mmtest.SeedCapitalFlows, n, "walked %d records in %d requests", n, srv.Requests(opCapitalFlow)-1)
	require.EqualValues(t, 1+3, srv.Requests(opCapitalFlow), "walked %d records in %d requests", n, srv.Requests(opCapitalFlow)-1)
	deposits, err := c.Trading.ListCapitalFlow(ctx, &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo,
		CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Type: multimarkets.FlowCFDFullDeposit, Start: time.UnixMilli(1), End: time.Now()})
	require.NoError(t, err, "deposits %+v, %v", deposits, err)
	require.EqualValues(t, 9, deposits.Total, "deposits %+v, %v", deposits, err)
	srv.InjectFault(opCapitalFlow, mmtest.RateLimited(1))
	_, err = c.Trading.ListCapitalFlow(ctx, p, multimarkets.WithMaxAttempts(1))
	require.ErrorIs(t, err, multimarkets.ErrRateLimited, "rate limited: %v", err)
}

func TestTradingListPositions(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	p := &multimarkets.PositionsParams{TradeType: 1, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, PageSize: 10,
		SortBy: multimarkets.PositionSortOpenTime, Order: multimarkets.SortDesc, QuerySource: multimarkets.SourceSystem}
	page, err := c.Trading.ListPositions(ctx, p)
	require.NoError(t, err)
	require.Len(t, page.Items, 10, "page %d items, HasNext %v", len(page.Items), page.HasNext())
	require.True(t, page.HasNext(), "page %d items, HasNext %v", len(page.Items), page.HasNext())
	pos := page.Items[0]
	require.EqualValues(t, multimarkets.PositionOpen, pos.Status, "position %+v", pos)
	require.EqualValues(t, "2027.100", pos.OpenPrice.String(), "position %+v", pos)
	require.EqualValues(t, multimarkets.MarginByRatio, pos.MarginSetType, "position %+v", pos)
	require.EqualValues(t, "0.01", pos.OpenVolume.String(), "position %+v", pos)
	require.True(t, pos.ClosedAt.IsZero(), "position %+v", pos)
	require.False(t, pos.OpenedAt.IsZero(), "position %+v", pos)
	require.EqualValues(t, multimarkets.OrderLimitOpen, pos.BizType, "position %+v", pos)
	var all []multimarkets.Position
	for p, err := range c.Trading.ListPositionsAll(ctx, p) {
		require.NoError(t, err)
		all = append(all, p)
	}
	// 25 open + 1 closed, in pages of 10: 10, 10, 6.
	require.Len(t, all, mmtest.SeedOpenPositions+1, "walked %d in %d requests", len(all), srv.Requests(opPositionPage)-1)
	require.EqualValues(t, 1+3, srv.Requests(opPositionPage), "walked %d in %d requests", len(all), srv.Requests(opPositionPage)-1)
	// Refusal: the strict JSON types of the fake reject nothing the SDK
	// sends; an undocumented trade type for this customer is just empty.
	none, err := c.Trading.ListPositions(ctx, &multimarkets.PositionsParams{TradeType: 2, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1})
	require.NoError(t, err, "isolated: %+v, %v", none, err)
	require.Empty(t, none.Items, "isolated: %+v, %v", none, err)
	require.False(t, none.HasNext(), "isolated: %+v, %v", none, err)
	srv.InjectFault(opPositionPage, mmtest.Code("GGATEWAY_CODE_015"))
	_, err = c.Trading.ListPositions(ctx, p)
	require.ErrorIs(t, err, multimarkets.ErrInvalidRequest, "refused: %v", err)
}

func TestTradingCompanyPositionsIterator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := &multimarkets.CompanyPositionsParams{TradeType: 1, PageSize: 7}

	t.Run("several pages", func(t *testing.T) {
		srv, c := newFake(t, nil)
		seen := map[int64]bool{}
		for pos, err := range c.Trading.ListCompanyPositionsAll(ctx, p) {
			require.NoError(t, err)
			seen[int64(pos.PositionID)] = true
		}
		require.Len(t, seen, mmtest.SeedOpenPositions+1, "%d positions in %d requests", len(seen), srv.Requests(opAllPositionsPage))
		require.EqualValues(t, 4, srv.Requests(opAllPositionsPage), "%d positions in %d requests", len(seen), srv.Requests(opAllPositionsPage))
		require.EqualValues(t, 0, p.PageNo, "the iterator changed the caller's params")
	})
	t.Run("early break", func(t *testing.T) {
		srv, c := newFake(t, nil)
		n := 0
		for _, err := range c.Trading.ListCompanyPositionsAll(ctx, p) {
			require.NoError(t, err)
			if n++; n == 8 {
				break
			}
		}
		require.EqualValues(t, 2, srv.Requests(opAllPositionsPage), "%d requests for 8 records in pages of 7", srv.Requests(opAllPositionsPage))
	})
	t.Run("context cancelled", func(t *testing.T) {
		srv, c := newFake(t, nil)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		n, errs := 0, 0
		for _, err := range c.Trading.ListCompanyPositionsAll(cctx, p) {
			if err != nil {
				require.ErrorIs(t, err, context.Canceled, "err = %v", err)
				errs++
				continue
			}
			if n++; n == 7 {
				cancel()
			}
		}
		require.EqualValues(t, 7, n, "%d records, %d errors, %d requests", n, errs, srv.Requests(opAllPositionsPage))
		require.EqualValues(t, 1, errs, "%d records, %d errors, %d requests", n, errs, srv.Requests(opAllPositionsPage))
		require.EqualValues(t, 1, srv.Requests(opAllPositionsPage), "%d records, %d errors, %d requests", n, errs, srv.Requests(opAllPositionsPage))
	})
	t.Run("filters", func(t *testing.T) {
		_, c := newFake(t, nil)
		page, err := c.Trading.ListCompanyPositions(ctx, &multimarkets.CompanyPositionsParams{TradeType: 1, Direction: multimarkets.Sell,
			CustomerNo: mmtest.TradeCustomerNo, OpenedFrom: time.UnixMilli(1), OpenedTo: time.Now(), SortBy: multimarkets.PositionSortID, Order: multimarkets.SortAsc})
		require.NoError(t, err, "sells: %+v, %v", page, err)
		require.EqualValues(t, 12, page.Total, "sells: %+v, %v", page, err)
		require.EqualValues(t, multimarkets.Sell, page.Items[0].Direction, "sells: %+v, %v", page, err)
		require.False(t, page.Items[0].PositionID > page.Items[1].PositionID, "not ascending")
	})
}

func TestTradingValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	ct := func(mod func(*multimarkets.CustomerTradeParams)) *multimarkets.CustomerTradeParams {
		p := seedCustomer
		mod(&p)
		return &p
	}
	cf := func(mod func(*multimarkets.CapitalFlowParams)) *multimarkets.CapitalFlowParams {
		p := multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: "86000188", CustomerID: 189, CustomerGroupID: 1}
		mod(&p)
		return &p
	}
	pp := func(mod func(*multimarkets.PositionsParams)) *multimarkets.PositionsParams {
		p := multimarkets.PositionsParams{TradeType: 1, CustomerID: 189, CustomerGroupID: 1}
		mod(&p)
		return &p
	}
	cp := func(mod func(*multimarkets.CompanyPositionsParams)) *multimarkets.CompanyPositionsParams {
		p := multimarkets.CompanyPositionsParams{TradeType: 1}
		mod(&p)
		return &p
	}
	cancel := func(p *multimarkets.CustomerTradeParams) func() error {
		return func() error { _, err := c.Trading.CancelPendingOrders(ctx, p); return err }
	}
	flow := func(p *multimarkets.CapitalFlowParams) func() error {
		return func() error { _, err := c.Trading.ListCapitalFlow(ctx, p); return err }
	}
	positions := func(p *multimarkets.PositionsParams) func() error {
		return func() error { _, err := c.Trading.ListPositions(ctx, p); return err }
	}
	company := func(p *multimarkets.CompanyPositionsParams) func() error {
		return func() error { _, err := c.Trading.ListCompanyPositions(ctx, p); return err }
	}
	tests := []struct {
		field, op string
		call      func() error
	}{
		{"DealByIDParams", opDealByID, func() error { _, err := c.Trading.GetDeal(ctx, nil); return err }},
		{"DealByIDParams.DealID", opDealByID, func() error { _, err := c.Trading.GetDeal(ctx, &multimarkets.DealByIDParams{}); return err }},
		{"DealsByOrderIDParams.OrderID", opDealsByOrder, func() error {
			_, err := c.Trading.ListDealsByOrder(ctx, &multimarkets.DealsByOrderIDParams{TradeType: 1})
			return err
		}},
		{"DealsByOrderIDParams.TradeType", opDealsByOrder, func() error {
			_, err := c.Trading.ListDealsByOrder(ctx, &multimarkets.DealsByOrderIDParams{OrderID: 1})
			return err
		}},
		{"CustomerTradeParams", opCancelPending, cancel(nil)},
		{"CustomerTradeParams.TradeType", opCancelPending, cancel(ct(func(p *multimarkets.CustomerTradeParams) { p.TradeType = 0 }))},
		{"CustomerTradeParams.CustomerNo", opCancelPending, cancel(ct(func(p *multimarkets.CustomerTradeParams) { p.CustomerNo = "" }))},
		{"CustomerTradeParams.CustomerNo", opCancelPending, cancel(ct(func(p *multimarkets.CustomerTradeParams) { p.CustomerNo = "86-1" }))},
		{"CustomerTradeParams.CustomerID", opCancelPending, cancel(ct(func(p *multimarkets.CustomerTradeParams) { p.CustomerID = 0 }))},
		{"CustomerTradeParams.CustomerGroupID", opForcedOrder, func() error {
			_, err := c.Trading.ForceClose(ctx, ct(func(p *multimarkets.CustomerTradeParams) { p.CustomerGroupID = -1 }))
			return err
		}},
		{"CapitalFlowParams", opCapitalFlow, flow(nil)},
		{"CapitalFlowParams.CustomerNo", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.CustomerNo = "" }))},
		{"CapitalFlowParams.CustomerID", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.CustomerID = 0 }))},
		{"CapitalFlowParams.CustomerGroupID", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.CustomerGroupID = 0 }))},
		{"CapitalFlowParams.Type", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.Type = 99 }))},
		{"CapitalFlowParams.Status", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.Status = 4 }))},
		{"CapitalFlowParams.Direction", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.Direction = 3 }))},
		{"CapitalFlowParams.End", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) {
			p.Start, p.End = time.Now(), time.Now().Add(-time.Hour)
		}))},
		{"CapitalFlowParams.Lang", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.Lang = "en-US" }))},
		{"CapitalFlowParams.PageSize", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.PageSize = -1 }))},
		{"CapitalFlowParams.AccountID", opCapitalFlow, flow(cf(func(p *multimarkets.CapitalFlowParams) { p.AccountID = -1 }))},
		{"PositionsParams", opPositionPage, positions(nil)},
		{"PositionsParams.CustomerID", opPositionPage, positions(pp(func(p *multimarkets.PositionsParams) { p.CustomerID = 0 }))},
		{"PositionsParams.SortBy", opPositionPage, positions(pp(func(p *multimarkets.PositionsParams) { p.SortBy = multimarkets.PositionSortID }))},
		{"PositionsParams.Order", opPositionPage, positions(pp(func(p *multimarkets.PositionsParams) { p.Order = "up" }))},
		{"PositionsParams.QuerySource", opPositionPage, positions(pp(func(p *multimarkets.PositionsParams) { p.QuerySource = 10 }))},
		{"PositionsParams.PageNo", opPositionPage, positions(pp(func(p *multimarkets.PositionsParams) { p.PageNo = -2 }))},
		{"CompanyPositionsParams.TradeType", opAllPositionsPage, company(cp(func(p *multimarkets.CompanyPositionsParams) { p.TradeType = 0 }))},
		{"CompanyPositionsParams.Direction", opAllPositionsPage, company(cp(func(p *multimarkets.CompanyPositionsParams) { p.Direction = 3 }))},
		{"CompanyPositionsParams.SortBy", opAllPositionsPage, company(cp(func(p *multimarkets.CompanyPositionsParams) { p.SortBy = multimarkets.PositionSortPnL }))},
		{"CompanyPositionsParams.OrderID", opAllPositionsPage, company(cp(func(p *multimarkets.CompanyPositionsParams) { p.OrderID = -5 }))},
		{"CompanyPositionsParams.CustomerNo", opAllPositionsPage, company(cp(func(p *multimarkets.CompanyPositionsParams) { p.CustomerNo = "x" }))},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			err := tt.call()
			var ve *multimarkets.ValidationError
			require.ErrorAs(t, err, &ve, "err = %v, want ValidationError on %s", err, tt.field)
			require.EqualValues(t, tt.field, ve.Field, "err = %v, want ValidationError on %s", err, tt.field)
			require.NotEqualValues(t, "", ve.Rule, "err = %v, want ValidationError on %s", err, tt.field)
			require.ErrorIs(t, err, multimarkets.ErrValidation, "err = %v, want ValidationError on %s", err, tt.field)
			n := srv.Requests(tt.op)
			require.EqualValues(t, 0, n, "%d requests sent", n)
		})
	}
	// The iterators report validation errors once, without sending.
	for _, err := range c.Trading.ListPositionsAll(ctx, nil) {
		var ve *multimarkets.ValidationError
		require.ErrorAs(t, err, &ve, "nil params: %v", err)
	}
	require.EqualValues(t, 0, srv.Requests(opPositionPage), "iterator sent an invalid request")
}
