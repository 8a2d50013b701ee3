// Command push subscribes to the MultiMarkets data push and prints one line
// per event.
//
// With MM_BASE_URL, MM_TOKEN and MM_GROUP set it connects to a real server:
//
//	MM_BASE_URL=https://prewppc-3.cmfbl.com/openapi-b MM_TOKEN=… MM_GROUP=example go run ./examples/push
//
// (MM_COMPANY_ID is sent as the companyId header when set.) Without
// MM_BASE_URL it starts the in-process fake (push/pushtest) and registers a
// few customers so that events appear. Stop it with Ctrl-C.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Getenv); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, getenv func(string) string) error {
	base, token, group := getenv("MM_BASE_URL"), getenv("MM_TOKEN"), getenv("MM_GROUP")
	if group == "" {
		group = "multimarkets-go-example"
	}
	if base == "" {
		srv := pushtest.NewServer(pushtest.Options{})
		defer srv.Close()
		srv.EnsureGroup(group)
		base, token = srv.BaseURL, "fake-token"
		fmt.Println("MM_BASE_URL not set: using the embedded fake push server at", base)
		go registerSome(ctx, srv.Hub)
	} else if token == "" {
		return errors.New("MM_TOKEN is required with MM_BASE_URL")
	}

	sub, err := push.New(push.Options{
		BaseURL:   base,
		Token:     push.StaticToken(token),
		Group:     group,
		CompanyID: getenv("MM_COMPANY_ID"),
		OnError:   func(err error) { log.Println("reconnecting:", err) },
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

// registerSome publishes what the fake Manager API emits for three
// registrations and a deposit adjustment.
func registerSome(ctx context.Context, h *pushtest.Hub) {
	for i := int64(0); i < 3; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(300 * time.Millisecond):
		}
		cust := 80 + i
		no := fmt.Sprintf("860000%02d", cust)
		_ = h.PublishRegistration(pushtest.Registration{CustomerID: cust, CustomerNo: no, AccountID: 1001390 + cust, Phone: "1845125156" + fmt.Sprint(i), PhoneArea: "+86"})
		_ = h.PublishAdjustment(pushtest.Adjustment{CustomerID: cust, CustomerNo: no, AccountID: 1001390 + cust, SubjectID: 600 + cust, WaterID: 7000 + cust, Amount: "100", BalanceAfter: "100", Remark: "welcome bonus"})
	}
}
