// Command push subscribes to the MultiMarkets data push and prints one line
// per event.
//
// With MM_BASE_URL, MM_COMPANY_ID and MM_APP_ID + MM_APP_SECRET (or
// MM_TOKEN) set it connects to that server, with MM_GROUP as its group; the
// SDK client is the token source, so an expired token is renewed:
//
//	MM_BASE_URL=https://prewppc-3.cmfbl.com/openapi-b MM_COMPANY_ID=… MM_APP_ID=… MM_APP_SECRET=… MM_GROUP=example go run ./examples/push
//
// Without MM_BASE_URL it starts the SDK's embedded fake server (mmtest) and
// registers a few customers and gives each a bonus through the SDK, so that
// the events those actions cause appear. Stop it with Ctrl-C.
//
// With -otel stdout it also prints the OpenTelemetry spans (one per API
// call and per handled event) and metrics (every 10 s and at exit) that
// package mmotel records.
//
// With -state (a SQLite file, or a postgres:// URL shared by several
// machines) the handled events and the group's lease are kept there: a
// restart does not print the server's replay again, and of several copies
// with the same MM_GROUP and -state exactly one is connected, another taking
// over within 20 s when it dies:
//
//	MM_GROUP=billing go run ./examples/push -state 'postgres://push@db.internal/push'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/examples/internal/otelstdout"
	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
	"github.com/multimarkets-sdk/multimarkets-go/push"
)

func main() {
	otelMode := otelstdout.Flag(flag.CommandLine)
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), `Usage: go run ./examples/push [flags]

Subscribes to the data push and prints one line per event until Ctrl-C.
Without MM_BASE_URL it starts the embedded fake server and registers a few
customers so that events appear; with MM_BASE_URL, MM_COMPANY_ID and
MM_APP_ID + MM_APP_SECRET (or MM_TOKEN) it connects to that server, with
MM_GROUP (default multimarkets-go-example) as its consumer group.
`)
		flag.PrintDefaults()
	}
	flag.Parse() // -h prints the usage and exits 0; a bad flag exits 2
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "unexpected argument: push takes only flags (-h for usage)")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tel, stopOTel, err := otelstdout.Start(*otelMode, "multimarkets-example-push", os.Stdout, 10*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	telemetry = tel
	err = run(ctx, os.Getenv)
	stopOTel()
	if err != nil {
		log.Fatal(err)
	}
}

// telemetry records spans and metrics with -otel stdout; nil records nothing.
var telemetry *mmotel.Telemetry

func run(ctx context.Context, getenv func(string) string) error {
	group := getenv("MM_GROUP")
	if group == "" {
		group = "multimarkets-go-example"
	}
	var client *multimarkets.Client
	var err error
	if getenv(multimarkets.EnvBaseURL) == "" {
		srv := mmtest.NewServer()
		defer srv.Close()
		srv.Push().EnsureGroup(group) // events from now on are kept for the group
		fmt.Fprintln(os.Stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
		client, err = multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID),
			multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret), multimarkets.WithObserver(telemetry.Client()))
		if err != nil {
			return err
		}
		go registerSome(ctx, client)
	} else if client, err = multimarkets.NewClientFromEnv(multimarkets.WithObserver(telemetry.Client())); err != nil {
		return err
	}

	if !flag.Parsed() { // -state; main may have parsed the flags already
		flag.Parse()
	}
	state, closeState, err := openState(ctx, *stateFlag)
	if err != nil {
		return err
	}
	defer closeState()
	sub, err := push.New(push.Options{
		State:     state, // -state: handled events and the group's lease, shared by the group's processes
		OnConnect: func() { log.Println("connected: this process now consumes group", group) },
		BaseURL:   client.BaseURL(),
		Token:     client, // renews the token when the server says it expired
		Group:     group,
		CompanyID: client.CompanyID(),
		OnError:   func(err error) { log.Println("reconnecting:", err) },
		Observer:  telemetry.Push(),
	}, printEvent)
	if err != nil {
		return err
	}
	err = sub.Run(ctx)
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		st := sub.Stats()
		fmt.Printf("stopped: %d events delivered, %d duplicates suppressed\n", st.Delivered, st.Duplicates)
		return nil
	}
	return err
}

// printEvent prints one line per event.
func printEvent(_ context.Context, ev *push.Event) error {
	switch p := ev.Payload.(type) {
	case *push.Register:
		fmt.Printf("%-22s customer %s (id %s) registered, KYC %s\n", ev.Type, p.CustomerNo, p.ID, p.KYCAuditStatus)
	case *push.OpenAccount:
		fmt.Printf("%-22s customer %s opened %s account %s (%s)\n", ev.Type, p.CustomerNo, p.CurrencyCode, p.ID, p.TradeType)
	case *push.SubjectUpdate:
		fmt.Printf("%-22s account %s %s = %s\n", ev.Type, p.AccountID, p.Type, p.Amount.Scaled(int(p.Digits)))
	case *push.SubjectWaterInsert:
		fmt.Printf("%-22s account %s in %s out %s after %s (%s)\n", ev.Type, p.AccountID,
			p.AmountIn.Scaled(int(p.Digits)), p.AmountOut.Scaled(int(p.Digits)), p.AmountAfter.Scaled(int(p.Digits)), p.BusinessType1)
	case nil:
		if ev.Err != nil {
			fmt.Printf("%-22s undecodable: %v: %.80s\n", ev.Type, ev.Err, ev.Raw)
		} else {
			fmt.Printf("%-22s (not typed) id %s data %.80s\n", ev.Type, ev.ID, ev.Data)
		}
	default:
		fmt.Printf("%-22s id %s key %s\n", ev.Type, ev.ID, ev.Key)
	}
	return nil
}

// registerSome registers three customers and gives each a bonus through the
// SDK; the fake server pushes register, open_account, subject_update and
// subject_water_insert for them.
func registerSome(ctx context.Context, c *multimarkets.Client) {
	for i := 0; i < 3; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(300 * time.Millisecond):
		}
		reg, err := c.Customers.Register(ctx, &multimarkets.RegisterParams{
			Phone: fmt.Sprintf("1845125156%d", i), PhoneArea: "+86", Password: multimarkets.PlainPassword("a123456"),
			Country: "CN", Source: multimarkets.SourcePCWeb, CustomerGroupID: 1,
		})
		if err != nil {
			log.Println("register:", err)
			return
		}
		if _, err := c.Funds.AdjustBalance(ctx, &multimarkets.AdjustmentParams{CustomerNo: reg.CustomerNo,
			TradeType: multimarkets.TradeTypeCrossContract, Currency: "USDT", Amount: multimarkets.MustDecimal("100"),
			Remark: "welcome bonus"}); err != nil {
			log.Println("bonus:", err)
		}
	}
}
