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
//	go run ./examples/register -otel stdout   # also print OpenTelemetry spans and metrics
//	MM_BASE_URL=https://prewppc-3.cmfbl.com/openapi-b MM_COMPANY_ID=… MM_APP_ID=… MM_APP_SECRET=… go run ./examples/register
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/signal"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/examples/internal/otelstdout"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: go run ./examples/register [flags]

Registers one customer and prints its customer number. Without MM_BASE_URL
it runs against the embedded fake server; with MM_BASE_URL, MM_COMPANY_ID and
MM_APP_ID + MM_APP_SECRET (or MM_TOKEN) against that server.

Flags:
`)
		fs.PrintDefaults()
	}
	phone := fs.String("phone", "", "mobile number, digits only (default: a random 11-digit number)")
	phoneArea := fs.String("phone-area", "+86", "phone area code")
	email := fs.String("email", "", "e-mail address (optional)")
	country := fs.String("country", "CN", "ISO 3166-1 alpha-2 country code")
	password := fs.String("password", "a123456", "login password in clear text; the SDK sends its MD5")
	group := fs.Int64("group", 1, "customer group ID")
	source := fs.String("source", "PC_Web", "registration source: 1..9 or H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other")
	third := fs.String("third-party-code", "", "the customer's ID in your system (optional)")
	verbose := fs.Bool("v", false, "log each HTTP attempt (secrets and personal data are masked)")
	otelMode := otelstdout.Flag(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // -h: the usage is printed
		}
		return 2 // the flag package printed the reason
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "unexpected argument: register takes only flags (-h for usage)")
		return 2
	}

	src, err := multimarkets.ParseRegisterSource(*source)
	if err != nil {
		fmt.Fprintf(stderr, "invalid value for flag -source: %v (-h for usage)\n", err)
		return 2
	}
	if *phone == "" && *email == "" {
		*phone = fmt.Sprintf("138%08d", rand.IntN(100_000_000))
	}
	params := &multimarkets.RegisterParams{
		Phone:           *phone,
		PhoneArea:       *phoneArea,
		Email:           *email,
		Password:        multimarkets.PlainPassword(*password),
		Country:         *country,
		Source:          src,
		CustomerGroupID: *group,
		ThirdPartyCode:  *third,
	}
	// Refuse bad flag values before anything starts. The rule names no
	// value: a phone number or e-mail address is never echoed.
	var valErr *multimarkets.ValidationError
	if err := params.Validate(); errors.As(err, &valErr) {
		if name, ok := flagOf[valErr.Field]; ok {
			fmt.Fprintf(stderr, "invalid value for flag -%s: %s (-h for usage)\n", name, valErr.Rule)
		} else {
			fmt.Fprintf(stderr, "invalid input: %s: %s (-h for usage)\n", valErr.Field, valErr.Rule)
		}
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	var opts []multimarkets.Option
	if *verbose {
		opts = append(opts, multimarkets.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	tel, stopOTel, err := otelstdout.Start(*otelMode, "multimarkets-example-register", stdout, time.Minute)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer stopOTel()
	opts = append(opts, multimarkets.WithObserver(tel.Client()))
	client, cleanup, err := newClient(stderr, opts)
	if err != nil {
		fmt.Fprintln(stderr, "configuration:", err)
		return 2
	}
	defer cleanup()

	reg, err := client.Customers.Register(ctx, params)
	if err != nil {
		printError(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, reg.CustomerNo)
	fmt.Fprintf(stderr, "registered customer %s (trace %s)\n", reg.CustomerNo, reg.Trace)
	return 0
}

// flagOf names the flag that sets each checked RegisterParams field.
var flagOf = map[string]string{
	"RegisterParams.Phone": "phone", "RegisterParams.PhoneArea": "phone-area", "RegisterParams.Email": "email",
	"RegisterParams.Password": "password", "RegisterParams.Country": "country", "RegisterParams.Source": "source",
	"RegisterParams.CustomerGroupID": "group", "RegisterParams.ThirdPartyCode": "third-party-code",
}

// newClient connects to MM_BASE_URL, or starts the embedded fake server.
func newClient(stderr io.Writer, opts []multimarkets.Option) (*multimarkets.Client, func(), error) {
	if os.Getenv(multimarkets.EnvBaseURL) != "" {
		c, err := multimarkets.NewClientFromEnv(opts...)
		return c, func() {}, err
	}
	srv := mmtest.NewServer()
	fmt.Fprintln(stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
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

func printError(w io.Writer, err error) {
	var apiErr *multimarkets.APIError
	var valErr *multimarkets.ValidationError
	var unknown *multimarkets.UnknownOutcomeError
	switch {
	case errors.As(err, &valErr):
		fmt.Fprintf(w, "invalid input: %s: %s\n", valErr.Field, valErr.Rule)
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "registration refused\n  code:    %s\n  message: %s\n  trace:   %s\n  http:    %d\n",
			apiErr.Code, apiErr.Text(), apiErr.Trace, apiErr.HTTPStatus)
	case errors.As(err, &unknown):
		fmt.Fprintf(w, "outcome unknown (trace %s): check whether the customer exists before retrying: %v\n", unknown.Trace, unknown.Err)
	default:
		fmt.Fprintln(w, "registration failed:", err)
	}
}
