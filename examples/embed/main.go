// Command embed prints the URL that opens MultiMarkets' trading UI for one
// customer, logged in, inside your own site: it registers the customer if
// needed (never twice), logs in through the client API for a one-time
// token, and adds the token as the URL's tsource parameter.
//
// With no MM_BASE_URL it runs against the SDK's embedded fake server. For a
// real server set MM_BASE_URL, MM_COMPANY_ID, MM_APP_ID + MM_APP_SECRET (or
// MM_TOKEN) and, if the client API is not at the same host's /api,
// MM_CLIENT_BASE_URL.
//
//	go run ./examples/embed -phone 13800138000 -password a123456
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func main() { os.Exit(run()) }

func run() int {
	phone := flag.String("phone", "13800138000", "mobile number (digits only); empty to use -email")
	phoneArea := flag.String("phone-area", "+86", "phone area code")
	email := flag.String("email", "", "e-mail address (used when -phone is empty)")
	password := flag.String("password", "a123456", "the customer's password in clear text (sent as its MD5)")
	country := flag.String("country", "CN", "ISO 3166-1 alpha-2 country, for registration")
	group := flag.Int64("group", 1, "customer group ID, for registration")
	tradingURL := flag.String("url", "https://www.headline.net/zh-CN/home", "the trading UI page to embed")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	var opts []multimarkets.Option
	if v := os.Getenv("MM_CLIENT_BASE_URL"); v != "" {
		opts = append(opts, multimarkets.WithClientBaseURL(v))
	}
	var client *multimarkets.Client
	var err error
	if os.Getenv(multimarkets.EnvBaseURL) != "" {
		client, err = multimarkets.NewClientFromEnv(opts...)
	} else {
		srv := mmtest.NewServer()
		defer srv.Close()
		fmt.Fprintln(os.Stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
		client, err = multimarkets.NewClient(append([]multimarkets.Option{
			multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID),
			multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
		}, opts...)...)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		return 2
	}

	link, err := client.Embed.Open(ctx, &multimarkets.EmbedParams{
		Customer: multimarkets.RegisterParams{
			Phone: *phone, PhoneArea: *phoneArea, Email: *email, Password: multimarkets.PlainPassword(*password),
			Country: *country, Source: multimarkets.SourcePCWeb, CustomerGroupID: *group,
		},
		TradingURL: *tradingURL,
	})
	if err != nil {
		var step *multimarkets.EmbedError
		var apiErr *multimarkets.APIError
		switch {
		case errors.As(err, &apiErr) && errors.As(err, &step):
			fmt.Fprintf(os.Stderr, "%s failed: %s %s (trace %s)\n", step.Step, apiErr.Code, apiErr.Text(), apiErr.Trace)
		default:
			fmt.Fprintln(os.Stderr, err)
		}
		return 1
	}
	if link.Registered {
		fmt.Fprintln(os.Stderr, "registered customer", link.CustomerNo)
	} else {
		fmt.Fprintln(os.Stderr, "customer", link.CustomerNo, "exists: logged in")
	}
	fmt.Println(link.URL)
	return 0
}
