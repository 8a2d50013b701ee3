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
	"io"
	"net/url"
	"os"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: go run ./examples/embed [flags]

Prints the URL that opens the trading UI for one customer, logged in,
registering the customer first if needed. Without MM_BASE_URL it runs against
the embedded fake server; with MM_BASE_URL, MM_COMPANY_ID and MM_APP_ID +
MM_APP_SECRET (or MM_TOKEN), and MM_CLIENT_BASE_URL if the client API is not
at the same host's /api, against that server.

Flags:
`)
		fs.PrintDefaults()
	}
	phone := fs.String("phone", "13800138000", "mobile number (digits only); empty to use -email")
	phoneArea := fs.String("phone-area", "+86", "phone area code")
	email := fs.String("email", "", "e-mail address (used when -phone is empty)")
	password := fs.String("password", "a123456", "the customer's password in clear text (sent as its MD5)")
	country := fs.String("country", "CN", "ISO 3166-1 alpha-2 country, for registration")
	group := fs.Int64("group", 1, "customer group ID, for registration")
	tradingURL := fs.String("url", "https://www.headline.net/zh-CN/home", "the trading UI page to embed")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // -h: the usage is printed
		}
		return 2 // the flag package printed the reason
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "unexpected argument: embed takes only flags (-h for usage)")
		return 2
	}
	params := &multimarkets.EmbedParams{
		Customer: multimarkets.RegisterParams{
			Phone: *phone, PhoneArea: *phoneArea, Email: *email, Password: multimarkets.PlainPassword(*password),
			Country: *country, Source: multimarkets.SourcePCWeb, CustomerGroupID: *group,
		},
		TradingURL: *tradingURL,
	}
	// Refuse bad flag values before anything starts. The rule names no
	// value: a phone number or e-mail address is never echoed.
	var valErr *multimarkets.ValidationError
	if err := params.Customer.Validate(); errors.As(err, &valErr) {
		if name, ok := flagOf[valErr.Field]; ok {
			fmt.Fprintf(stderr, "invalid value for flag -%s: %s (-h for usage)\n", name, valErr.Rule)
		} else {
			fmt.Fprintf(stderr, "invalid input: %s: %s (-h for usage)\n", valErr.Field, valErr.Rule)
		}
		return 2
	}
	if u, err := url.Parse(*tradingURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		fmt.Fprintln(stderr, "invalid value for flag -url: absolute http(s) URL of the trading UI page (-h for usage)")
		return 2
	}

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
		fmt.Fprintln(stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
		client, err = multimarkets.NewClient(append([]multimarkets.Option{
			multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID),
			multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
		}, opts...)...)
	}
	if err != nil {
		fmt.Fprintln(stderr, "configuration:", err)
		return 2
	}

	link, err := client.Embed.Open(ctx, params)
	if err != nil {
		var step *multimarkets.EmbedError
		var apiErr *multimarkets.APIError
		switch {
		case errors.As(err, &apiErr) && errors.As(err, &step):
			fmt.Fprintf(stderr, "%s failed: %s %s (trace %s)\n", step.Step, apiErr.Code, apiErr.Text(), apiErr.Trace)
		default:
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	if link.Registered {
		fmt.Fprintln(stderr, "registered customer", link.CustomerNo)
	} else {
		fmt.Fprintln(stderr, "customer", link.CustomerNo, "exists: logged in")
	}
	fmt.Fprintln(stdout, link.URL)
	return 0
}

// flagOf names the flag that sets each checked RegisterParams field.
var flagOf = map[string]string{
	"RegisterParams.Phone": "phone", "RegisterParams.PhoneArea": "phone-area", "RegisterParams.Email": "email",
	"RegisterParams.Password": "password", "RegisterParams.Country": "country", "RegisterParams.CustomerGroupID": "group",
}
