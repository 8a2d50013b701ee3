package multimarkets_test

import (
	"context"
	"errors"
	"testing"
	"time"

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
	srv, c := fake4b(t)
	ctx := context.Background()
	d, err := c.Trading.DealByID(ctx, &multimarkets.DealByIDParams{DealID: mmtest.SeedDealID})
	if err != nil {
		t.Fatal(err)
	}
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
		if chk.got != chk.want {
			t.Errorf("%s = %q, want %q", chk.name, chk.got, chk.want)
		}
	}
	if _, err := c.Trading.DealByID(ctx, &multimarkets.DealByIDParams{DealID: 424242}); !errors.Is(err, multimarkets.ErrNotFound) {
		t.Fatalf("unknown deal: %v", err)
	}
	deals, err := c.Trading.DealsByOrderID(ctx, &multimarkets.DealsByOrderIDParams{OrderID: mmtest.SeedOrderID, TradeType: multimarkets.TradeTypeSpot})
	if err != nil || len(deals) != 1 || deals[0].DealID != mmtest.SeedDealID {
		t.Fatalf("deals %+v, %v", deals, err)
	}
	none, err := c.Trading.DealsByOrderID(ctx, &multimarkets.DealsByOrderIDParams{OrderID: mmtest.SeedOrderID, TradeType: multimarkets.TradeTypeCrossContract})
	if err != nil || len(none) != 0 {
		t.Fatalf("wrong trade type: %+v, %v", none, err)
	}
	// Refusal: an expired token.
	srv.ExpireTokens()
	if _, err := c.Trading.DealByID(ctx, &multimarkets.DealByIDParams{DealID: mmtest.SeedDealID}); !errors.Is(err, multimarkets.ErrTokenExpired) {
		t.Fatalf("expired token: %v", err)
	}
}

func TestTradingCancelPendingOrders(t *testing.T) {
	_, c := fake4b(t)
	ctx := context.Background()
	keys, err := c.Trading.CancelPendingOrders(ctx, &seedCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != mmtest.SeedPendingOrders || keys[0] != "CATS:PROORDER:1_1557311743581831168" {
		t.Fatalf("keys %v", keys)
	}
	again, err := c.Trading.CancelPendingOrders(ctx, &seedCustomer)
	if err != nil || len(again) != 0 {
		t.Fatalf("second cancel: %v, %v (a cancelled order cannot be cancelled twice)", again, err)
	}
	wrong := seedCustomer
	wrong.CustomerID = 190 // does not match the customer number
	if _, err := c.Trading.CancelPendingOrders(ctx, &wrong); !errors.Is(err, multimarkets.ErrNotFound) {
		t.Fatalf("unknown customer: %v", err)
	}
}

func TestTradingWritesAreNotResent(t *testing.T) {
	for _, tt := range []struct {
		op   string
		call func(*multimarkets.Client) error
	}{
		{opCancelPending, func(c *multimarkets.Client) error {
			_, err := c.Trading.CancelPendingOrders(context.Background(), &seedCustomer)
			return err
		}},
		{opForcedOrder, func(c *multimarkets.Client) error {
			_, err := c.Trading.ForceClose(context.Background(), &seedCustomer)
			return err
		}},
	} {
		t.Run(tt.op, func(t *testing.T) {
			srv, c := fake4b(t)
			srv.InjectFault(tt.op, mmtest.DropAfterActing())
			err := tt.call(c)
			var uo *multimarkets.UnknownOutcomeError
			if !errors.As(err, &uo) || !errors.Is(err, multimarkets.ErrUnknownOutcome) {
				t.Fatalf("err = %v, want *UnknownOutcomeError", err)
			}
			if srv.Requests(tt.op) != 1 || srv.Acted(tt.op) != 1 {
				t.Fatalf("requests %d, acted %d: a write must not be resent", srv.Requests(tt.op), srv.Acted(tt.op))
			}
		})
	}
}

func TestTradingForceClose(t *testing.T) {
	_, c := fake4b(t)
	ctx := context.Background()
	closed, err := c.Trading.ForceClose(ctx, &seedCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if len(closed) != mmtest.SeedOpenPositions || closed[0].Profit.String() != "-1.050000" || closed[0].OpenOrClose != 2 ||
		closed[0].Direction == closed[0].OpenDirection {
		t.Fatalf("closed %d: %+v", len(closed), closed[0])
	}
	again, err := c.Trading.ForceClose(ctx, &seedCustomer)
	if err != nil || len(again) != 0 {
		t.Fatalf("nothing left to close: %v, %v", again, err)
	}
	// The positions are closed now, and the closes are in the capital flow.
	for p, err := range c.Trading.ListPositionsAll(ctx, &multimarkets.PositionsParams{TradeType: 1, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != multimarkets.PositionClosed || p.ClosedAt.IsZero() {
			t.Fatalf("position %d is %v", p.PositionID, p.Status)
		}
	}
	flows, err := c.Trading.ListCapitalFlow(ctx, &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo,
		CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Direction: multimarkets.FlowDecrease, PageSize: 100})
	if err != nil || flows.Total != mmtest.SeedOpenPositions || flows.Items[0].Subtype != multimarkets.FlowSubManualForcedClosePnL {
		t.Fatalf("flows %+v, %v", flows, err)
	}
	// Refusal: an unknown customer.
	unknown := seedCustomer
	unknown.CustomerNo = "86999999"
	if _, err := c.Trading.ForceClose(ctx, &unknown); !errors.Is(err, multimarkets.ErrNotFound) {
		t.Fatalf("unknown customer: %v", err)
	}
}

func TestTradingCapitalFlow(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	p := &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Lang: "en_US"}
	page, err := c.Trading.ListCapitalFlow(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != mmtest.SeedCapitalFlows || len(page.Items) != multimarkets.DefaultPageSize || !page.HasNext() || page.PageNo != 1 {
		t.Fatalf("page total %d, %d items, page %d", page.Total, len(page.Items), page.PageNo)
	}
	f := page.Items[0]
	if f.Type != multimarkets.FlowCFDFullDeposit || f.TypeName != "Deposit" || f.AmountIn.String() != "1.2500" || f.Digits != 4 ||
		f.Status != multimarkets.FlowStatusSucceeded || f.CreatedAt.IsZero() {
		t.Fatalf("first record %+v", f)
	}
	n := 0
	for _, err := range c.Trading.ListCapitalFlowAll(ctx, p) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != mmtest.SeedCapitalFlows || srv.Requests(opCapitalFlow) != 1+3 {
		t.Fatalf("walked %d records in %d requests", n, srv.Requests(opCapitalFlow)-1)
	}
	deposits, err := c.Trading.ListCapitalFlow(ctx, &multimarkets.CapitalFlowParams{TradeType: 1, CustomerNo: mmtest.TradeCustomerNo,
		CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, Type: multimarkets.FlowCFDFullDeposit, Start: time.UnixMilli(1), End: time.Now()})
	if err != nil || deposits.Total != 9 {
		t.Fatalf("deposits %+v, %v", deposits, err)
	}
	srv.InjectFault(opCapitalFlow, mmtest.RateLimited(1))
	if _, err := c.Trading.ListCapitalFlow(ctx, p, multimarkets.WithMaxAttempts(1)); !errors.Is(err, multimarkets.ErrRateLimited) {
		t.Fatalf("rate limited: %v", err)
	}
}

func TestTradingListPositions(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	p := &multimarkets.PositionsParams{TradeType: 1, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1, PageSize: 10,
		SortBy: multimarkets.PositionSortOpenTime, Order: multimarkets.SortDesc, QuerySource: multimarkets.SourceSystem}
	page, err := c.Trading.ListPositions(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 10 || !page.HasNext() {
		t.Fatalf("page %d items, HasNext %v", len(page.Items), page.HasNext())
	}
	pos := page.Items[0]
	if pos.Status != multimarkets.PositionOpen || pos.OpenPrice.String() != "2027.100" || pos.MarginSetType != multimarkets.MarginByRatio ||
		pos.OpenVolume.String() != "0.01" || !pos.ClosedAt.IsZero() || pos.OpenedAt.IsZero() || pos.BizType != multimarkets.OrderLimitOpen {
		t.Fatalf("position %+v", pos)
	}
	var all []multimarkets.Position
	for p, err := range c.Trading.ListPositionsAll(ctx, p) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p)
	}
	// 25 open + 1 closed, in pages of 10: 10, 10, 6.
	if len(all) != mmtest.SeedOpenPositions+1 || srv.Requests(opPositionPage) != 1+3 {
		t.Fatalf("walked %d in %d requests", len(all), srv.Requests(opPositionPage)-1)
	}
	// Refusal: the strict JSON types of the fake reject nothing the SDK
	// sends; an undocumented trade type for this customer is just empty.
	none, err := c.Trading.ListPositions(ctx, &multimarkets.PositionsParams{TradeType: 2, CustomerID: mmtest.TradeCustomerID, CustomerGroupID: 1})
	if err != nil || len(none.Items) != 0 || none.HasNext() {
		t.Fatalf("isolated: %+v, %v", none, err)
	}
	srv.InjectFault(opPositionPage, mmtest.Code("GGATEWAY_CODE_015"))
	if _, err := c.Trading.ListPositions(ctx, p); !errors.Is(err, multimarkets.ErrInvalidRequest) {
		t.Fatalf("refused: %v", err)
	}
}

func TestTradingCompanyPositionsIterator(t *testing.T) {
	ctx := context.Background()
	p := &multimarkets.CompanyPositionsParams{TradeType: 1, PageSize: 7}

	t.Run("several pages", func(t *testing.T) {
		srv, c := fake4b(t)
		seen := map[int64]bool{}
		for pos, err := range c.Trading.ListCompanyPositionsAll(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			seen[int64(pos.PositionID)] = true
		}
		if len(seen) != mmtest.SeedOpenPositions+1 || srv.Requests(opAllPositionsPage) != 4 {
			t.Fatalf("%d positions in %d requests", len(seen), srv.Requests(opAllPositionsPage))
		}
		if p.PageNo != 0 {
			t.Fatal("the iterator changed the caller's params")
		}
	})
	t.Run("early break", func(t *testing.T) {
		srv, c := fake4b(t)
		n := 0
		for _, err := range c.Trading.ListCompanyPositionsAll(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 8 {
				break
			}
		}
		if srv.Requests(opAllPositionsPage) != 2 {
			t.Fatalf("%d requests for 8 records in pages of 7", srv.Requests(opAllPositionsPage))
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		srv, c := fake4b(t)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		n, errs := 0, 0
		for _, err := range c.Trading.ListCompanyPositionsAll(cctx, p) {
			if err != nil {
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v", err)
				}
				errs++
				continue
			}
			if n++; n == 7 {
				cancel()
			}
		}
		if n != 7 || errs != 1 || srv.Requests(opAllPositionsPage) != 1 {
			t.Fatalf("%d records, %d errors, %d requests", n, errs, srv.Requests(opAllPositionsPage))
		}
	})
	t.Run("filters", func(t *testing.T) {
		_, c := fake4b(t)
		page, err := c.Trading.ListCompanyPositions(ctx, &multimarkets.CompanyPositionsParams{TradeType: 1, Direction: multimarkets.Sell,
			CustomerNo: mmtest.TradeCustomerNo, OpenedFrom: time.UnixMilli(1), OpenedTo: time.Now(), SortBy: multimarkets.PositionSortID, Order: multimarkets.SortAsc})
		if err != nil || page.Total != 12 || page.Items[0].Direction != multimarkets.Sell {
			t.Fatalf("sells: %+v, %v", page, err)
		}
		if page.Items[0].PositionID > page.Items[1].PositionID {
			t.Fatal("not ascending")
		}
	})
}

func TestTradingValidation(t *testing.T) {
	srv, c := fake4b(t)
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
		{"DealByIDParams", opDealByID, func() error { _, err := c.Trading.DealByID(ctx, nil); return err }},
		{"DealByIDParams.DealID", opDealByID, func() error { _, err := c.Trading.DealByID(ctx, &multimarkets.DealByIDParams{}); return err }},
		{"DealsByOrderIDParams.OrderID", opDealsByOrder, func() error {
			_, err := c.Trading.DealsByOrderID(ctx, &multimarkets.DealsByOrderIDParams{TradeType: 1})
			return err
		}},
		{"DealsByOrderIDParams.TradeType", opDealsByOrder, func() error {
			_, err := c.Trading.DealsByOrderID(ctx, &multimarkets.DealsByOrderIDParams{OrderID: 1})
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
			if !errors.As(err, &ve) || ve.Field != tt.field || ve.Rule == "" || !errors.Is(err, multimarkets.ErrValidation) {
				t.Fatalf("err = %v, want ValidationError on %s", err, tt.field)
			}
			if n := srv.Requests(tt.op); n != 0 {
				t.Fatalf("%d requests sent", n)
			}
		})
	}
	// The iterators report validation errors once, without sending.
	for _, err := range c.Trading.ListPositionsAll(ctx, nil) {
		var ve *multimarkets.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("nil params: %v", err)
		}
	}
	if srv.Requests(opPositionPage) != 0 {
		t.Fatal("iterator sent an invalid request")
	}
}
