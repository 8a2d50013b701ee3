// Command register registers one customer on MultiMarkets and prints the
// customer number.
//
// With no MM_BASE_URL in the environment it starts the SDK's embedded fake
// server (package mmtest) and runs against it: no credentials, no network.
// With MM_BASE_URL, MM_COMPANY_ID and MM_APP_ID + MM_APP_SECRET (or MM_TOKEN)
// it runs against that server; MM_ENCRYPT=1 sends signed, encrypted requests.
//
//	go run ./examples/register
//	go run ./examples/register -email jane@example.com -country GB
//	MM_BASE_URL=https://prewppc-3.cmfbl.com/openapi-b MM_COMPANY_ID=… MM_APP_ID=… MM_APP_SECRET=… go run ./examples/register
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/signal"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func main() {
	os.Exit(run())
}

func run() int {
	phone := flag.String("phone", "", "mobile number, digits only (default: a random 11-digit number)")
	phoneArea := flag.String("phone-area", "+86", "phone area code")
	email := flag.String("email", "", "e-mail address (optional)")
	country := flag.String("country", "CN", "ISO 3166-1 alpha-2 country code")
	password := flag.String("password", "a123456", "login password in clear text; the SDK sends its MD5")
	group := flag.Int64("group", 1, "customer group ID")
	source := flag.String("source", "PC_Web", "registration source: 1..9 or H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other")
	third := flag.String("third-party-code", "", "the customer's ID in your system (optional)")
	verbose := flag.Bool("v", false, "log each HTTP attempt (secrets and personal data are masked)")
	flag.Parse()

	src, err := multimarkets.ParseRegisterSource(*source)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if *phone == "" && *email == "" {
		*phone = fmt.Sprintf("138%08d", rand.IntN(100_000_000))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	var opts []multimarkets.Option
	if *verbose {
		opts = append(opts, multimarkets.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	client, cleanup, err := newClient(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		return 2
	}
	defer cleanup()

	reg, err := client.Customers.Register(ctx, &multimarkets.RegisterParams{
		Phone:           *phone,
		PhoneArea:       *phoneArea,
		Email:           *email,
		Password:        multimarkets.PlainPassword(*password),
		Country:         *country,
		Source:          src,
		CustomerGroupID: *group,
		ThirdPartyCode:  *third,
	})
	if err != nil {
		printError(err)
		return 1
	}
	fmt.Println(reg.CustomerNo)
	fmt.Fprintf(os.Stderr, "registered customer %s (trace %s)\n", reg.CustomerNo, reg.Trace)
	return 0
}

// newClient connects to MM_BASE_URL, or starts the embedded fake server.
func newClient(opts []multimarkets.Option) (*multimarkets.Client, func(), error) {
	if os.Getenv(multimarkets.EnvBaseURL) != "" {
		c, err := multimarkets.NewClientFromEnv(opts...)
		return c, func() {}, err
	}
	srv := mmtest.NewServer()
	fmt.Fprintln(os.Stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
	opts = append([]multimarkets.Option{
		multimarkets.WithBaseURL(srv.URL),
		multimarkets.WithCompanyID(srv.CompanyID),
		multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
	}, opts...)
	if os.Getenv(multimarkets.EnvEncrypt) == "1" {
		opts = append(opts, multimarkets.WithEncryption(""))
	}
	c, err := multimarkets.NewClient(opts...)
	return c, srv.Close, err
}

func printError(err error) {
	var apiErr *multimarkets.APIError
	var valErr *multimarkets.ValidationError
	var unknown *multimarkets.UnknownOutcomeError
	switch {
	case errors.As(err, &valErr):
		fmt.Fprintf(os.Stderr, "invalid input: %s: %s\n", valErr.Field, valErr.Rule)
	case errors.As(err, &apiErr):
		fmt.Fprintf(os.Stderr, "registration refused\n  code:    %s\n  message: %s\n  trace:   %s\n  http:    %d\n",
			apiErr.Code, apiErr.Text(), apiErr.Trace, apiErr.HTTPStatus)
	case errors.As(err, &unknown):
		fmt.Fprintf(os.Stderr, "outcome unknown (trace %s): check whether the customer exists before retrying: %v\n", unknown.Trace, unknown.Err)
	default:
		fmt.Fprintln(os.Stderr, "registration failed:", err)
	}
}
