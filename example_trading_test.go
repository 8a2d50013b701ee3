package multimarkets_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// exampleClient4b starts a fake server and a client for the examples.
func exampleClient4b() (*mmtest.Server, *multimarkets.Client) {
	srv := mmtest.NewServer()
	c, err := multimarkets.NewClient(
		multimarkets.WithBaseURL(srv.URL),
		multimarkets.WithCompanyID(srv.CompanyID),
		multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
	)
	if err != nil {
		panic(err)
	}
	return srv, c
}

func ExampleTradingService_ListPositionsAll() {
	srv, client := exampleClient4b()
	defer srv.Close()

	// Walk every position of a customer; pages are fetched as the loop
	// reaches them.
	open := 0
	for p, err := range client.Trading.ListPositionsAll(context.Background(), &multimarkets.PositionsParams{
		TradeType:       multimarkets.TradeTypeCrossContract,
		CustomerID:      mmtest.TradeCustomerID,
		CustomerGroupID: mmtest.TradeCustomerGroupID,
		PageSize:        10,
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		if p.Status == multimarkets.PositionOpen {
			open++
		}
	}
	fmt.Println("open positions:", open)
	// Output: open positions: 25
}

func ExampleTradingService_ForceClose() {
	srv, client := exampleClient4b()
	defer srv.Close()
	ctx := context.Background()

	customer := &multimarkets.CustomerTradeParams{
		TradeType:       multimarkets.TradeTypeCrossContract,
		CustomerNo:      mmtest.TradeCustomerNo,
		CustomerID:      mmtest.TradeCustomerID,
		CustomerGroupID: mmtest.TradeCustomerGroupID,
	}
	keys, err := client.Trading.CancelPendingOrders(ctx, customer)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("cancelled orders:", len(keys))

	closed, err := client.Trading.ForceClose(ctx, customer)
	var unknown *multimarkets.UnknownOutcomeError
	switch {
	case errors.As(err, &unknown):
		// The answer was lost: the positions may or may not be closed.
		// List them before deciding to try again.
		fmt.Println("outcome unknown, trace", unknown.Trace)
	case err != nil:
		fmt.Println("error:", err)
	default:
		fmt.Println("closed positions:", len(closed))
	}
	// Output:
	// cancelled orders: 2
	// closed positions: 25
}

func ExampleTradingService_GetDeal() {
	srv, client := exampleClient4b()
	defer srv.Close()

	d, err := client.Trading.GetDeal(context.Background(), &multimarkets.DealByIDParams{DealID: mmtest.SeedDealID})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	// Prices and amounts arrive as scaled integers; the methods scale them.
	fmt.Println(d.SymbolName, d.Direction, d.Quantity, "at", d.Price(), "=", d.Amount(), "fee", d.Fee(), d.FeeCurrency)
	// Output: BTC/USDT buy 0.02338415 at 42764.00 = 1000.0000 fee 0.00046768 BTC
}

func ExampleTradingService_ListCapitalFlow() {
	srv, client := exampleClient4b()
	defer srv.Close()

	page, err := client.Trading.ListCapitalFlow(context.Background(), &multimarkets.CapitalFlowParams{
		TradeType:       multimarkets.TradeTypeCrossContract,
		CustomerNo:      mmtest.TradeCustomerNo,
		CustomerID:      mmtest.TradeCustomerID,
		CustomerGroupID: mmtest.TradeCustomerGroupID,
		Type:            multimarkets.FlowCFDFullDeposit,
		Lang:            "en_US",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	f := page.Items[0]
	fmt.Println(page.Total, "deposits; latest:", f.Type, f.Subtype, "+"+f.AmountIn.String(), f.Currency)
	// Output: 9 deposits; latest: CFD full: deposit front-end deposit +1.2500 USDT
}

func ExampleProductService_ListForGroup() {
	srv, client := exampleClient4b()
	defer srv.Close()

	products, err := client.Products.ListForGroup(context.Background(), &multimarkets.GroupProductsParams{
		TradeType:       multimarkets.TradeTypeSpot,
		CustomerGroupID: 1,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, p := range products {
		fmt.Println(p.SymbolID, p.SymbolCode, p.TradeType)
	}
	// Output:
	// 695 BINAN_ATOM_USDT spot
	// 706 BTCUSDT spot
}

func ExampleReferenceService_ListCountries() {
	srv, client := exampleClient4b()
	defer srv.Close()

	countries, err := client.Reference.ListCountries(context.Background(), nil)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(countries[0].Code, countries[0].Name, countries[0].PhoneArea)
	// Output: AF Afghanistan +93
}

func ExampleMarketService_GetKlines() {
	srv, client := exampleClient4b()
	defer srv.Close()

	k, err := client.Market.GetKlines(context.Background(), &multimarkets.KlineParams{
		Code:  "GBPJPY",
		Type:  multimarkets.Kline1Hour,
		Count: 24,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(k.Code, k.Type, len(k.Bars), "bars")
	// Output: GBPJPY 1h 24 bars
}

func ExampleMarketService_ListDepthTicks() {
	srv, client := exampleClient4b()
	defer srv.Close()

	ticks, err := client.Market.ListDepthTicks(context.Background(), &multimarkets.TicksParams{Codes: []string{"GBPJPY"}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	t := ticks[0]
	fmt.Println(t.Code, "bid", t.Bids[0].Price, "ask", t.Asks[0].Price)
	// Output: GBPJPY bid 136.424 ask 136.427
}
