package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/specserver"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// specOperations are the 41 operations of the published spec, by the name
// the tour prints: the bizType (the path without "global/" or "auth/") or
// the market-data path. TestSpecOperationsMatchSpec keeps it honest.
var specOperations = []string{
	"admin.admin.CompanyAuthDubboService.auth",
	"customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc",
	"customer.app.CustomerWebApiService.checkCustomerExist",
	"customer.admin.WhiteCustomerAdminApiService.page",
	"customer.admin.WhiteCustomerAdminApiService.detail",
	"customer.admin.CustomerGroupAdminApiService.groupList",
	"customer.admin.CustomerAdminApiService.queryAccountList",
	"config.admin.AdminDictDubboService.getListByParentCode",
	"config.admin.AdminDictDubboService.getCountryListByParentCode",
	"config.admin.AdminAssetsDubboService.getAssetsList",
	"config.admin.AdminAssetsDubboService.getTradeTypeList",
	"config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId",
	"config.admin.AdminSymbolDubboService.getSymbolList",
	"config.admin.AdminSymbolDubboService.getSymbolGroupList",
	"config.admin.AdminSymbolDubboService.getSymbolByCompanyId",
	"config.admin.AdminSymbolDubboService.getFundByCompanyId",
	"fund.admin.CustomerFundAdminDubboService.getExchangeRate",
	"fund.admin.CustomerActivityBonusAdminDubboService.operationBonus",
	"fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal",
	"fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById",
	"fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount",
	"fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount",
	"fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount",
	"fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount",
	"message.admin.PlatFormMessageThirdSendAdminService.add",
	"message.admin.VerificationAdminService.queryCodeSendStatus",
	"tradeapi.admin.OrderAdminApiService.queryPositionPage",
	"tradeapi.admin.PositionAdminApiService.queryAllPositionPage",
	"tradeapi.admin.OrderAdminApiService.queryCapitalFlowList",
	"report.admin.CatsTradeDealService.getTradeDealInfoByDealId",
	"report.admin.CatsTradeDealService.getTradeDealInfoByOrderId",
	"tradeapi.admin.OrderAdminApiService.cancelPboOrder",
	"tradeapi.admin.OrderAdminApiService.forcedOrder",
	"quote-b-api/depth-tick",
	"quote-stock-b-api/depth-tick",
	"quote-b-api/trade-tick",
	"quote-stock-b-api/trade-tick",
	"quote-b-api/kline",
	"quote-stock-b-api/kline",
	"quote-b-api/batch-kline",
	"quote-stock-b-api/batch-kline",
}

const webhookOperation = "admin.admin.CompanyWebhookDubboService.subscribe"

// runTour runs the tour and returns its exit status and output lines.
func runTour(t *testing.T) (int, []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	code := run(ctx, &out, os.Stderr)
	t.Logf("tour output:\n%s", out.String())
	return code, strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
}

// okLine returns the OK line of the operation, or "" if it has none.
func okLine(lines []string, name string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, "OK   "+name+"  ") {
			return l
		}
	}
	return ""
}

// setFlag sets a flag's value for one test.
func setFlag[T any](t *testing.T, p *T, v T) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}

// useFake makes the tour start the embedded fake whatever the environment says.
func useFake(t *testing.T) {
	t.Setenv(multimarkets.EnvBaseURL, "")
}

// allowWrites gives the flags the tour needs to run against a server set
// by MM_BASE_URL.
func allowWrites(t *testing.T) {
	setFlag(t, flagAllowWrites, true)
	setFlag(t, flagWebhookBase, "https://wallet.broker.example")
}

func TestTourAgainstEmbeddedFake(t *testing.T) {
	useFake(t)
	code, lines := runTour(t)
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if len(specOperations) != 41 {
		t.Fatalf("%d spec operations listed, want 41", len(specOperations))
	}
	for _, name := range append(slices.Clone(specOperations), webhookOperation) {
		if okLine(lines, name) == "" {
			t.Errorf("no OK line for %s", name)
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL ") {
			t.Errorf("failed: %s", l)
		}
	}
	if got, want := lines[len(lines)-1], "42 passed, 0 failed"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if len(lines) != 43 {
		t.Errorf("%d lines, want 42 operations and the summary", len(lines))
	}
	// The results carry the data, not just "OK": the seeded trading
	// customer's positions were force-closed, the seeded deal was read.
	if l := okLine(lines, "tradeapi.admin.OrderAdminApiService.forcedOrder"); !strings.Contains(l, strconv.Itoa(mmtest.SeedOpenPositions)+" positions force-closed") {
		t.Errorf("forced close: %q, want the %d seeded positions closed", l, mmtest.SeedOpenPositions)
	}
	if l := okLine(lines, "report.admin.CatsTradeDealService.getTradeDealInfoByDealId"); !strings.Contains(l, "deal "+strconv.Itoa(mmtest.SeedDealID)) {
		t.Errorf("deal by ID: %q, want the seeded deal %d", l, mmtest.SeedDealID)
	}
}

// TestTourEncrypted runs the tour with signed, encrypted requests against
// the embedded fake emulating a Double-reading server (the vendor's demo)
// and a BigDecimal-reading one: the bonus of 5.00 and the adjustment of
// 12.50 verify on both.
func TestTourEncrypted(t *testing.T) {
	for _, reader := range []string{"", "bigdecimal"} {
		t.Run("reader="+reader, func(t *testing.T) {
			useFake(t)
			t.Setenv(multimarkets.EnvEncrypt, "1")
			t.Setenv(multimarkets.EnvNumberReader, reader)
			code, lines := runTour(t)
			if got, want := lines[len(lines)-1], "42 passed, 0 failed"; got != want || code != 0 {
				t.Errorf("summary %q (exit %d), want %q", got, code, want)
			}
		})
	}
}

// TestTourFromEnvironment runs the tour the way it runs against a real
// server, configured by the MM_ variables, with the fake as that server:
// the customer, its accounts and the symbol come from earlier calls, and
// the trading writes act on the new customer, not the fake's seed.
func TestTourFromEnvironment(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv(multimarkets.EnvBaseURL, srv.URL)
	t.Setenv(multimarkets.EnvCompanyID, srv.CompanyID)
	t.Setenv(multimarkets.EnvAppID, srv.AppID)
	t.Setenv(multimarkets.EnvAppSecret, srv.AppSecret)
	t.Setenv(multimarkets.EnvToken, "")
	t.Setenv(multimarkets.EnvEncrypt, "")
	allowWrites(t)
	// What a user passes by flag: a deal and order to read, and a code
	// the client-side send call sent.
	const to = "15550001234"
	code, token := srv.IssueVerificationCode(string(multimarkets.SMSRegisterCode), to)
	setFlag(t, flagDeal, int64(mmtest.SeedDealID))
	setFlag(t, flagOrder, int64(mmtest.SeedOrderID))
	setFlag(t, flagCode, code)
	setFlag(t, flagSendToken, token)
	setFlag(t, flagCodeTo, to)

	exit, lines := runTour(t)
	if exit != 0 {
		t.Errorf("exit status %d, want 0", exit)
	}
	for _, name := range append(slices.Clone(specOperations), webhookOperation) {
		if okLine(lines, name) == "" {
			t.Errorf("no OK line for %s", name)
		}
	}
	if got, want := lines[len(lines)-1], "42 passed, 0 failed"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	customers := srv.Customers()
	if len(customers) != 1 {
		t.Fatalf("the fake has %d registered customers, want the tour's one", len(customers))
	}
	no := customers[0].CustomerNo
	for _, name := range []string{"tradeapi.admin.OrderAdminApiService.cancelPboOrder", "tradeapi.admin.OrderAdminApiService.forcedOrder"} {
		if l := okLine(lines, name); !strings.Contains(l, "customer "+no+":") {
			t.Errorf("%s acted on %q, want the new customer %s", name, l, no)
		}
	}
	if srv.Acted("tradeapi.admin.OrderAdminApiService.forcedOrder") != 1 {
		t.Errorf("forced close reached the fake %d times, want 1", srv.Acted("tradeapi.admin.OrderAdminApiService.forcedOrder"))
	}
	if w, ok := srv.Webhooks(); !ok || w == (mmtest.WebhookURLs{}) {
		t.Errorf("webhooks not subscribed: %+v", w)
	}
}

// TestTourReportsFailures: a refused operation prints a FAIL line with the
// server's code and trace, the others still run, and the exit status is 1.
func TestTourReportsFailures(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv(multimarkets.EnvBaseURL, srv.URL)
	t.Setenv(multimarkets.EnvCompanyID, srv.CompanyID)
	t.Setenv(multimarkets.EnvAppID, srv.AppID)
	t.Setenv(multimarkets.EnvAppSecret, srv.AppSecret)
	t.Setenv(multimarkets.EnvEncrypt, "")
	allowWrites(t)
	const ratesOp = "fund.admin.CustomerFundAdminDubboService.getExchangeRate"
	srv.InjectFault(ratesOp, mmtest.Code("FS540017"))

	exit, lines := runTour(t)
	if exit != 1 {
		t.Errorf("exit status %d, want 1", exit)
	}
	var fail string
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL "+ratesOp+" FS540017 ") {
			fail = l
		}
	}
	if fail == "" || !strings.Contains(fail, "(trace ") || strings.HasSuffix(fail, "(trace -)") {
		t.Errorf("no FAIL line with code and trace for %s: %q", ratesOp, fail)
	}
	if okLine(lines, webhookOperation) == "" {
		t.Error("the tour stopped at the failure; the later operations must still run")
	}
	if got, want := lines[len(lines)-1], "41 passed, 1 failed"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// TestTourRefusesToChangeAServerUnasked: with MM_BASE_URL set, the tour
// changes data there, so it refuses without -allow-writes and without
// -webhook-base (it would replace the company's webhook URLs with a
// placeholder), exit status 2, before sending anything.
func TestTourRefusesToChangeAServerUnasked(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv(multimarkets.EnvBaseURL, srv.URL)
	t.Setenv(multimarkets.EnvCompanyID, srv.CompanyID)
	t.Setenv(multimarkets.EnvAppID, srv.AppID)
	t.Setenv(multimarkets.EnvAppSecret, srv.AppSecret)
	t.Setenv(multimarkets.EnvToken, "")
	for _, tt := range []struct {
		name        string
		allow       bool
		webhookBase string
		want        string
	}{
		{"no flags", false, "", "give -allow-writes"},
		{"only -webhook-base", false, "https://wallet.broker.example", "give -allow-writes"},
		{"only -allow-writes", true, "", "give -webhook-base"},
		{"-webhook-base without scheme", true, "wallet.broker.example", "invalid value for flag -webhook-base"},
		{"-webhook-base with query", true, "https://wallet.broker.example/?k=1", "invalid value for flag -webhook-base"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			setFlag(t, flagAllowWrites, tt.allow)
			setFlag(t, flagWebhookBase, tt.webhookBase)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), &stdout, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
	if n := srv.Requests("admin.admin.CompanyAuthDubboService.auth"); n != 0 {
		t.Errorf("%d authorizations reached the server, want none", n)
	}
	if len(srv.Customers()) != 0 {
		t.Error("a customer was registered")
	}
	if _, ok := srv.Webhooks(); ok {
		t.Error("the webhooks were replaced")
	}
}

// TestTourSubscribesTheWalletExamplesPaths: the webhook URLs the tour
// subscribes are served by the handler examples/wallet runs
// (wallet.NewHandler with its default paths): MultiMarkets' side, played
// by the fake against the subscribed URLs, gets answers, not 404s.
func TestTourSubscribesTheWalletExamplesPaths(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv(multimarkets.EnvBaseURL, srv.URL)
	t.Setenv(multimarkets.EnvCompanyID, srv.CompanyID)
	t.Setenv(multimarkets.EnvAppID, srv.AppID)
	t.Setenv(multimarkets.EnvAppSecret, srv.AppSecret)
	t.Setenv(multimarkets.EnvToken, "")
	t.Setenv(multimarkets.EnvEncrypt, "")
	ledger := wallettest.NewLedger()
	ledger.Seed("u1", "USD", wallet.MustParseAmount("100.00"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: srv.CompanyID, Wallet: ledger, Store: wallet.NewMemoryStore()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	setFlag(t, flagAllowWrites, true)
	setFlag(t, flagWebhookBase, ts.URL+"/")

	if code, _ := runTour(t); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	p, err := srv.WalletPlatform()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	bal, res := p.QueryBalance(ctx, wallet.BalanceQuery{ThirdServerCode: "mm", UserName: "u1", Currency: "USD"})
	if !res.OK() || bal.String() != "100.00" {
		t.Errorf("balance query: %s %+v, want 100.00", bal, res)
	}
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
	if res := p.Adjust(ctx, adj); !res.OK() {
		t.Errorf("adjustment: %+v", res)
	}
	if res := p.Cancel(ctx, wallettest.CancelFor(adj)); !wallettest.CancelSettled(res) {
		t.Errorf("cancel: %+v", res)
	}
	if got := ledger.BalanceOf("u1", "USD").String(); got != "100.00" {
		t.Errorf("balance after adjustment and cancel %s, want 100.00", got)
	}
}

// TestSpecOperationsMatchSpec checks the list above against the spec's
// paths, so the tour test cannot pass with a name missing or made up.
func TestSpecOperationsMatchSpec(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/spec/manager-api.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := specserver.New(raw, specserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var spec []string
	for _, p := range srv.Operations() {
		spec = append(spec, strings.TrimPrefix(strings.TrimPrefix(p, "global/"), "auth/"))
	}
	want := slices.Sorted(slices.Values(spec))
	got := slices.Sorted(slices.Values(specOperations))
	if !slices.Equal(got, want) {
		t.Errorf("tour operations differ from the spec:\n got %q\nwant %q", got, want)
	}
}
