package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// exampleFake starts a fake server with n seeded customers and a client for
// it; the examples run against it.
func exampleFake(n int) (*mmtest.Server, *mm.Client) {
	srv := mmtest.NewServer()
	srv.SeedCustomers(n)
	client, err := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID),
		mm.WithAppCredentials(srv.AppID, srv.AppSecret))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

func ExampleCustomerService_ListAll() {
	srv, client := exampleFake(5)
	defer srv.Close()
	ctx := context.Background()

	// Walks every page lazily; break or cancel ctx to stop early.
	for c, err := range client.Customers.ListAll(ctx, &mm.CustomerListParams{PageSize: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.CustomerNo, c.Status)
	}
	// Output:
	// 86021976 normal
	// 86021977 normal
	// 86021978 normal
	// 86021979 normal
	// 86021980 normal
}

func ExampleCustomerService_List() {
	srv, client := exampleFake(3)
	defer srv.Close()
	page, err := client.Customers.List(context.Background(), &mm.CustomerListParams{PageSize: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), "of", page.Total, "more:", page.HasNext())
	// Output: 2 of 3 more: true
}

func ExampleCustomerService_Exists() {
	srv, client := exampleFake(1)
	defer srv.Close()
	ok, err := client.Customers.Exists(context.Background(), &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "86021976"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("exists:", ok)
	// Output: exists: true
}

// Register returns the customer number; Get reads the record by that
// number (it looks the numeric ID up in the customer list first).
func ExampleCustomerService_Get() {
	srv, client := exampleFake(0)
	defer srv.Close()
	ctx := context.Background()
	reg, err := client.Customers.Register(ctx, &mm.RegisterParams{
		Email: "jane@example.com", Password: mm.PlainPassword("a123456"), Country: "GB", Source: mm.SourceSystem,
		CustomerGroupID: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: reg.CustomerNo})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.CustomerNo, d.ID, d.Country, d.KYCAuditStatus)

	// A number no customer has.
	_, err = client.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "99999999"})
	fmt.Println(errors.Is(err, mm.ErrNotFound))
	// Output:
	// 86021976 1000 GB not certified
	// true
}

// TradeType 0 lists the accounts of every trading mode (one request per
// mode), cross contract first, spot last.
func ExampleCustomerService_ListAccounts() {
	srv, client := exampleFake(0)
	defer srv.Close()
	ctx := context.Background()
	reg, err := client.Customers.Register(ctx, &mm.RegisterParams{
		Email: "jane@example.com", Password: mm.PlainPassword("a123456"), Country: "GB", Source: mm.SourceSystem,
		CustomerGroupID: 1, TradeTypeCurrencies: []mm.TradeTypeCurrency{
			{TradeType: mm.TradeTypeSpot, Currency: "USDT"},
			{TradeType: mm.TradeTypeCrossContract, Currency: "USDT"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := client.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: reg.CustomerNo})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range accounts {
		fmt.Println(a.TradeType, a.Currency, a.Balance)
	}
	// Output:
	// cross contract USDT 0.000000
	// spot USDT 0.000000
}

func ExampleFundService_AdjustBalance() {
	srv, client := exampleFake(1)
	defer srv.Close()
	ctx := context.Background()

	// A positive amount gives a bonus, a negative one takes it back.
	receipt, err := client.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{
		CustomerNo: "86021976", TradeType: mm.TradeTypeCrossContract, Currency: "USDT",
		Amount: mm.MustDecimal("25.50"), Remark: "welcome bonus",
	})
	var unknown *mm.UnknownOutcomeError
	switch {
	case errors.As(err, &unknown):
		// The answer was lost: look the proposal up before trying again.
		log.Fatalf("reconcile trace %s", unknown.Trace)
	case err != nil:
		log.Fatal(err)
	}
	adj, err := client.Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: receipt.ProposalNo})
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := client.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "86021976", TradeType: mm.TradeTypeCrossContract})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(adj.Amount, adj.CheckStatus)
	fmt.Println(accounts[0].Currency, accounts[0].Balance)
	// Output:
	// 25.500000 approved
	// USDT 25.500000
}

func ExampleBonusService_Issue() {
	srv, client := exampleFake(0)
	defer srv.Close()
	ctx := context.Background()
	reg, err := client.Customers.Register(ctx, &mm.RegisterParams{
		Email: "jane@example.com", Password: mm.PlainPassword("a123456"), Country: "GB", Source: mm.SourceSystem,
		CustomerGroupID: 1, TradeTypeCurrencies: []mm.TradeTypeCurrency{{TradeType: mm.TradeTypeSpot, Currency: "USDT"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	p := &mm.BonusParams{CustomerNo: reg.CustomerNo, ActivityID: "spring-2026-0001",
		Currency: "USDT", Amount: mm.MustDecimal("10")}
	res, err := client.Bonuses.Issue(ctx, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("issued", res.Amount)

	// An activity ID is used once: a repeat is refused, not paid twice.
	_, err = client.Bonuses.Issue(ctx, p)
	fmt.Println(mm.IsCode(err, mm.CodeFS570001))

	// A customer registered without a spot account cannot receive one.
	other, err := client.Customers.Register(ctx, &mm.RegisterParams{
		Email: "joe@example.com", Password: mm.PlainPassword("a123456"), Country: "GB", Source: mm.SourceSystem,
		CustomerGroupID: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Bonuses.Issue(ctx, &mm.BonusParams{CustomerNo: other.CustomerNo, ActivityID: "spring-2026-0002",
		Currency: "USDT", Amount: mm.MustDecimal("10")})
	var apiErr *mm.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, errors.Is(err, mm.ErrNotFound))
		fmt.Println(apiErr.Hint)
	}
	// Output:
	// issued 10.000000
	// true
	// FS404 true
	// no such customer, or the customer has no spot account: bonuses go to the spot account, which registration opens when RegisterParams.TradeTypeCurrencies lists TradeTypeSpot
}

func ExampleFundService_LockTransfers() {
	srv, client := exampleFake(1)
	defer srv.Close()
	ctx := context.Background()
	err := client.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86021976", TradeType: mm.TradeTypeCrossContract,
		Direction: mm.TransferOut})
	if err != nil {
		log.Fatal(err)
	}
	locks, err := client.Funds.ListTransferLocks(ctx, &mm.TransferLockListParams{CustomerNo: "86021976", TradeType: mm.TradeTypeCrossContract})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range locks {
		fmt.Println(l.Direction, l.Locked)
	}
	// Output:
	// in false
	// out true
	// in and out false
}

func ExampleFundService_ListExchangeRates() {
	srv, client := exampleFake(0)
	defer srv.Close()
	rates, err := client.Funds.ListExchangeRates(context.Background(), &mm.ExchangeRateParams{
		Pairs: map[string]string{"BTC": "USDT", "ETH": "USDT"}, Type: mm.RateDeposit,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rates {
		fmt.Println(r.SourceCurrency, r.Formula, r.Rate, r.TargetCurrency)
	}
	// Output:
	// BTC multiply 16755.38 USDT
	// ETH multiply 1205.5 USDT
}

func ExampleMessageService_Send() {
	srv, client := exampleFake(1)
	defer srv.Close()
	ctx := context.Background()
	page, err := client.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: "86021976"})
	if err != nil {
		log.Fatal(err)
	}
	err = client.Messages.Send(ctx, &mm.MessageParams{
		CustomerNo: "86021976", CustomerID: page.Items[0].ID, TradeType: mm.TradeTypeCrossContract,
		Language: mm.LanguageEnglish, Title: "Bonus credited", Content: "25.50 USDT were added to your account.",
		Popup: true, Refresh: mm.RefreshFunds,
	})
	fmt.Println(err, len(srv.Messages()))
	// Output: <nil> 1
}

func ExampleWebhookService_Subscribe() {
	srv, client := exampleFake(0)
	defer srv.Close()
	err := client.Webhooks.Subscribe(context.Background(), &mm.WebhookParams{
		// The paths package wallet serves by default (wallet.DefaultPaths).
		BalanceURL:          "https://wallet.example.com/get-user-amount",
		AdjustmentURL:       "https://wallet.example.com/external-system-credit-limit-adjustment",
		CancelAdjustmentURL: "https://wallet.example.com/cancel-external-system-credit-limit-adjustment",
	})
	fmt.Println(err)
	// Output: <nil>
}
