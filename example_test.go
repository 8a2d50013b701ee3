package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// A client for a real company: app credentials, English messages, a logger
// and a client-side rate budget. NewClient checks the options and calls no
// server.
func ExampleNewClient() {
	client, err := mm.NewClient(
		mm.WithBaseURL(mm.BaseURLTest),
		mm.WithCompanyID("10086"),
		mm.WithAppCredentials("app-id", "app-secret"),
		mm.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))),
		mm.WithRateLimit(300, 10),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(client) // never prints credentials
	// Output: multimarkets.Client{base: https://prewppc-3.cmfbl.com/openapi-b, company: 10086, auth: app credentials, encrypt: false}
}

func ExampleAuthService_Authorize() {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, _ := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID), mm.WithAppCredentials(srv.AppID, srv.AppSecret))

	auth, err := client.Auth.Authorize(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(auth.Company.Name, auth.Company.Type, auth.Company.TradeTypes)
	fmt.Println(auth) // the token is hidden
	// Output:
	// mmtest white label real 1,5
	// Authorization{company: mmtest white label (10086), token: [REDACTED]}
}

// Signed and RSA-encrypted requests: the key comes from authorization.
func ExampleWithEncryption() {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, _ := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID),
		mm.WithAppCredentials(srv.AppID, srv.AppSecret), mm.WithEncryption(""))

	reg, err := client.Customers.Register(context.Background(), &mm.RegisterParams{
		Phone: "13800138000", PhoneArea: "+86", Password: mm.PlainPassword("a123456"),
		Country: "CN", Source: mm.SourceH5, CustomerGroupID: 1,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(reg.CustomerNo, strings.HasPrefix(reg.Trace, "x-"))
	// Output: 86021976 true
}

// After a lost answer, EnsureRegistered looks before it registers again.
func ExampleCustomerService_EnsureRegistered() {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, _ := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID), mm.WithAppCredentials(srv.AppID, srv.AppSecret))
	p := &mm.RegisterParams{
		Phone: "13800138000", PhoneArea: "+86", Password: mm.PlainPassword("a123456"),
		Country: "CN", Source: mm.SourceH5, CustomerGroupID: 1,
	}
	ctx := context.Background()

	srv.InjectFault("customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc", mmtest.DropAfterActing())
	_, err := client.Customers.Register(ctx, p)
	fmt.Println(errors.Is(err, mm.ErrUnknownOutcome))

	res, err := client.Customers.EnsureRegistered(ctx, p)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.CustomerNo, res.Created, len(srv.Customers()))
	// Output:
	// true
	// 86021976 false 1
}

func ExampleEmbedService_Open() {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, _ := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID), mm.WithAppCredentials(srv.AppID, srv.AppSecret))

	link, err := client.Embed.Open(context.Background(), &mm.EmbedParams{
		Customer: mm.RegisterParams{
			Email: "jane@example.com", Password: mm.PlainPassword("a123456"),
			Country: "GB", Source: mm.SourcePCWeb, CustomerGroupID: 1,
		},
		TradingURL: "https://www.headline.net/en-US/home",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(link.CustomerNo, link.Registered, strings.HasPrefix(link.URL, "https://www.headline.net/en-US/home?tsource="))
	// Output: 86021976 true true
}
