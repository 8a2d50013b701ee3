// Command tour calls every operation of the MultiMarkets Manager API once,
// in the order a back office would: authorize, register a customer, look it
// up, read reference data and products, move money on it, send it a
// message, read and act on trading data, read market data and subscribe the
// webhooks. It prints one line per operation:
//
//	OK   <bizType or path>  <short summary of the result>
//	FAIL <bizType or path> <code> <message> (trace <trace>)
//
// then "N passed, M failed", and exits with status 1 if any failed.
//
// With no MM_BASE_URL in the environment it starts the SDK's embedded fake
// server (package mmtest): no credentials, no network. With MM_BASE_URL,
// MM_COMPANY_ID and MM_APP_ID + MM_APP_SECRET (or MM_TOKEN; authorization
// then fails, as it needs app credentials) it runs against that server. The
// IDs it needs come from earlier calls (the customer it registers, that
// customer's accounts, the product list, the positions it lists) or from the
// flags.
//
// Against a real server the tour changes things: it registers a customer,
// credits it a bonus and a balance adjustment, locks and unlocks its
// transfers, sends it a message, cancels the pending orders and force-closes
// the positions of the trading customer (by default the customer it just
// registered, which has none) and REPLACES the company's webhook URLs with
// the ones -webhook-base gives. So with MM_BASE_URL set it refuses to start
// unless -allow-writes and -webhook-base are given. Use a test environment.
//
// The webhook URLs it subscribes are the paths examples/wallet serves
// (wallet.DefaultPaths) under -webhook-base.
//
//	go run ./examples/tour
//	MM_BASE_URL=https://prewppc-3.cmfbl.com/openapi-b MM_COMPANY_ID=… MM_APP_ID=… MM_APP_SECRET=… \
//	  go run ./examples/tour -allow-writes -symbol BTCUSDT -webhook-base https://wallet.broker.example
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

var (
	flagCustomer      = flag.String("customer", "", "customer number for the lookups, funds and messages (default: the customer the tour registers)")
	flagTradeCustomer = flag.String("trade-customer", "", "customer number for the trading reads and writes; its pending orders are CANCELLED and positions FORCE-CLOSED (default: the fake's seeded trading customer, or -customer)")
	flagGroup         = flag.Int64("group", 1, "customer group of the new customer; 1 is the default group")
	flagCurrency      = flag.String("currency", "USDT", "account currency of the new customer, the bonus and the adjustment")
	flagRateFrom      = flag.String("rate-from", "BTC", "currency whose exchange rate into -currency is read")
	flagSymbol        = flag.String("symbol", "", "product code for market data (default: the first product of the customer's group)")
	flagStockSymbol   = flag.String("stock-symbol", "857.HK", "stock code for the stock market data, the spec's example by default")
	flagDeal          = flag.Int64("deal", 0, "deal ID to read (default: the fake's seeded deal, or the deal of the first position listed)")
	flagOrder         = flag.Int64("order", 0, "order ID whose deals are read (default: the fake's seeded order, or the order of the first position listed)")
	flagCode          = flag.String("code", "", "verification code whose status is read, with -send-token (the fake issues one)")
	flagSendToken     = flag.String("send-token", "", "send token of -code")
	flagCodeTo        = flag.String("code-to", "", "phone number -code was sent to (default: the new customer's phone)")
	flagWebhookBase   = flag.String("webhook-base", "", "base URL of your external wallet (examples/wallet), whose webhook paths are subscribed; REPLACES the company's webhook URLs. Required with MM_BASE_URL (default with the fake: "+fakeWebhookBase+")")
	flagAllowWrites   = flag.Bool("allow-writes", false, "run against MM_BASE_URL although the tour changes data there (see above); without it the tour refuses")
	flagVerbose       = flag.Bool("v", false, "log each HTTP attempt to stderr (secrets and personal data are masked)")
)

// fakeWebhookBase is -webhook-base against the embedded fake.
const fakeWebhookBase = "https://wallet.broker.example"

func main() {
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), `Usage: go run ./examples/tour [flags]

Calls every operation of the Manager API once and prints one line each,
then "N passed, M failed"; the exit status is 1 if any failed. Without
MM_BASE_URL it runs against the embedded fake server.

With MM_BASE_URL (and MM_COMPANY_ID, MM_APP_ID + MM_APP_SECRET) it runs
against that server and CHANGES DATA THERE: it registers a customer, credits
it a bonus and a balance adjustment, locks and unlocks its transfers, sends
it a message, cancels the pending orders and FORCE-CLOSES the positions of
the trading customer, and REPLACES the company's webhook URLs with
-webhook-base + the paths examples/wallet serves. It refuses to do so
unless -allow-writes and -webhook-base are given. Use a test environment.

Flags:
`)
		flag.PrintDefaults()
	}
	flag.Parse() // -h prints the usage and exits 0; a bad flag exits 2
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "unexpected argument: tour takes only flags (-h for usage)")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	os.Exit(run(ctx, os.Stdout, os.Stderr))
}

// step is one operation of the tour: its bizType (or market-data path) and
// the call, which returns a one-line summary of the result.
type step struct {
	name string
	run  func(ctx context.Context) (string, error)
}

// tour holds the client and what earlier steps found out for later ones.
type tour struct {
	client *multimarkets.Client
	srv    *mmtest.Server // nil against a real server

	phone    string
	customer customerRef // the customer the funds and message steps act on
	trade    customerRef // the customer the trading steps act on
	accounts []multimarkets.Account
	proposal string // the adjustment's proposal number
	symbol   string
	dealID   int64
	orderID  int64
	dealType multimarkets.TradeType // trading mode of dealID and orderID
	// dealFrom says where dealID and orderID came from: "flag", "seed",
	// "position" (the first position listed) or "" (none known).
	dealFrom string
}

// customerRef names a customer the way the trading and message operations
// want it: number, ID and group.
type customerRef struct {
	no      string
	id      int64
	groupID int64
}

// run runs the tour against MM_BASE_URL or the embedded fake, writes one
// line per operation and the summary to stdout, notes and problems to
// stderr, and returns the exit status.
func run(ctx context.Context, stdout, stderr io.Writer) int {
	if err := checkFlags(os.Getenv(multimarkets.EnvBaseURL) != ""); err != nil {
		fmt.Fprintln(stderr, err, "(-h for usage)")
		return 2
	}
	t, cleanup, err := newTour(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "configuration:", err)
		return 2
	}
	defer cleanup()

	var steps []step
	for _, group := range []func() []step{
		t.authSteps, t.customerSteps, t.referenceSteps, t.productSteps, t.fundSteps,
		t.messageSteps, t.tradingSteps, t.marketSteps, t.webhookSteps,
	} {
		steps = append(steps, group()...)
	}
	passed, failed := 0, 0
	for _, s := range steps {
		summary, err := s.run(ctx)
		if err != nil {
			failed++
			fmt.Fprintln(stdout, failLine(s.name, err))
			continue
		}
		passed++
		fmt.Fprintf(stdout, "OK   %s  %s\n", s.name, summary)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// checkFlags refuses flag values the tour cannot use, and a run against a
// real server without -allow-writes and -webhook-base, before anything starts.
func checkFlags(realServer bool) error {
	if realServer && !*flagAllowWrites {
		return errors.New("MM_BASE_URL is set: the tour would register a customer, credit money, force-close positions " +
			"and replace the company's webhook URLs there; give -allow-writes to do so (use a test environment)")
	}
	if realServer && *flagWebhookBase == "" {
		return errors.New("MM_BASE_URL is set: give -webhook-base, the base URL of your external wallet " +
			"(the tour replaces the company's webhook URLs with it)")
	}
	switch {
	case *flagGroup < 1:
		return errors.New("invalid value for flag -group: must be 1 or more (1 is the default group)")
	case *flagDeal < 0:
		return errors.New("invalid value for flag -deal: must be a deal ID, or 0 for the default")
	case *flagOrder < 0:
		return errors.New("invalid value for flag -order: must be an order ID, or 0 for the default")
	case *flagCurrency == "":
		return errors.New("invalid value for flag -currency: required, e.g. USDT")
	case *flagRateFrom == "":
		return errors.New("invalid value for flag -rate-from: required, e.g. BTC")
	case *flagStockSymbol == "":
		return errors.New("invalid value for flag -stock-symbol: required, e.g. 857.HK")
	case (*flagCode == "") != (*flagSendToken == ""):
		return errors.New("invalid value for flag -code and -send-token: give both or neither")
	}
	if base := *flagWebhookBase; base != "" {
		if u, err := url.Parse(base); err != nil || u.RawQuery != "" || u.ForceQuery || webhookURLs(base).Validate() != nil {
			return errors.New("invalid value for flag -webhook-base: an absolute http(s) URL with a host and no query, e.g. https://wallet.broker.example")
		}
	}
	return nil
}

// webhookURLs are the webhook URLs the tour subscribes: the paths
// examples/wallet (wallet.NewHandler) serves, under base.
func webhookURLs(base string) *multimarkets.WebhookParams {
	base = strings.TrimRight(base, "/")
	p := wallet.DefaultPaths()
	return &multimarkets.WebhookParams{BalanceURL: base + p.Balance, AdjustmentURL: base + p.Adjust, CancelAdjustmentURL: base + p.Cancel}
}

// newTour connects to MM_BASE_URL, or starts the embedded fake server and
// uses its app credentials and seeded trading data.
func newTour(stderr io.Writer) (*tour, func(), error) {
	var opts []multimarkets.Option
	if *flagVerbose {
		opts = append(opts, multimarkets.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	t := &tour{
		phone:    fmt.Sprintf("138%08d", rand.IntN(100_000_000)),
		customer: customerRef{no: *flagCustomer},
		trade:    customerRef{no: *flagTradeCustomer},
		symbol:   *flagSymbol,
		dealID:   *flagDeal,
		orderID:  *flagOrder,
	}
	if t.dealID != 0 || t.orderID != 0 {
		t.dealFrom = "flag"
	}
	if os.Getenv(multimarkets.EnvBaseURL) != "" {
		c, err := multimarkets.NewClientFromEnv(opts...)
		t.client = c
		return t, func() {}, err
	}
	var srvOpts []mmtest.Option
	if strings.EqualFold(os.Getenv(multimarkets.EnvNumberReader), "bigdecimal") {
		srvOpts = append(srvOpts, mmtest.WithNumberReader(mmtest.BigDecimalReader))
		opts = append(opts, multimarkets.WithNumberReader(multimarkets.BigDecimalReader))
	}
	srv := mmtest.NewServer(srvOpts...)
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
	t.client, t.srv = c, srv
	// Trading data only the fake has: its seeded customer with positions,
	// pending orders and capital flow, and its seeded (spot) deal.
	if t.trade.no == "" {
		t.trade = customerRef{no: mmtest.TradeCustomerNo, id: mmtest.TradeCustomerID, groupID: mmtest.TradeCustomerGroupID}
	}
	if t.dealFrom == "" {
		t.dealID, t.orderID, t.dealType, t.dealFrom = mmtest.SeedDealID, mmtest.SeedOrderID, multimarkets.TradeTypeSpot, "seed"
	}
	return t, srv.Close, err
}

// failLine formats a failed operation: its code, message and trace.
func failLine(name string, err error) string {
	code, msg, trace := "ERROR", err.Error(), "-"
	var (
		apiErr   *multimarkets.APIError
		respErr  *multimarkets.ResponseError
		transErr *multimarkets.TransportError
		unknown  *multimarkets.UnknownOutcomeError
		valErr   *multimarkets.ValidationError
	)
	switch {
	case errors.As(err, &valErr):
		code, msg = "INVALID", valErr.Field+": "+valErr.Rule
	case errors.As(err, &apiErr):
		code, msg, trace = string(apiErr.Code), apiErr.Text(), apiErr.Trace
	case errors.As(err, &unknown):
		code, msg, trace = "UNKNOWN_OUTCOME", unknown.Err.Error(), unknown.Trace
	case errors.As(err, &respErr):
		code, msg, trace = "BAD_RESPONSE", respErr.Reason, respErr.Trace
	case errors.As(err, &transErr):
		code, msg, trace = "NO_ANSWER", transErr.Err.Error(), transErr.Trace
	case errors.Is(err, multimarkets.ErrNotFound):
		code = "NOT_FOUND"
	}
	return fmt.Sprintf("FAIL %s %s %s (trace %s)", name, code, msg, trace)
}

// lookupMiss turns the "no such record" answer to a lookup whose key the
// tour guessed (a placeholder, or an ID taken from another list) into a
// summary: the server accepted the request, there was just nothing to find.
// A key the user gave stays a failure.
func lookupMiss(err error, guessed bool, what string) (string, error) {
	var apiErr *multimarkets.APIError
	if guessed && (errors.Is(err, multimarkets.ErrNotFound) || errors.As(err, &apiErr)) {
		return "no " + what, nil
	}
	return "", err
}

func (t *tour) authSteps() []step {
	return []step{
		{"admin.admin.CompanyAuthDubboService.auth", func(ctx context.Context) (string, error) {
			a, err := t.client.Auth.Authorize(ctx)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("company %q (%s), token issued", a.Company.Name, a.Company.ID), nil
		}},
	}
}

func (t *tour) customerSteps() []step {
	cur := *flagCurrency
	return []step{
		{"customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc", func(ctx context.Context) (string, error) {
			reg, err := t.client.Customers.Register(ctx, &multimarkets.RegisterParams{
				Phone: t.phone, PhoneArea: "+86", Password: multimarkets.PlainPassword("Tour-" + t.phone),
				Country: "CN", Source: multimarkets.SourceSystem, CustomerGroupID: *flagGroup,
				TradeTypeCurrencies: []multimarkets.TradeTypeCurrency{
					{TradeType: multimarkets.TradeTypeCrossContract, Currency: cur},
					{TradeType: multimarkets.TradeTypeSpot, Currency: cur},
				},
				Remark: "examples/tour",
			})
			if err != nil {
				return "", err
			}
			if t.customer.no == "" {
				t.customer.no = reg.CustomerNo
			}
			return "customer " + reg.CustomerNo + " (phone +86 " + t.phone + ")", nil
		}},
		{"customer.app.CustomerWebApiService.checkCustomerExist", func(ctx context.Context) (string, error) {
			ok, err := t.client.Customers.Exists(ctx, &multimarkets.ExistsParams{
				Type: multimarkets.LoginPhone, LoginName: t.phone, PhoneArea: "+86",
			})
			return fmt.Sprintf("phone +86 %s exists: %t", t.phone, ok), err
		}},
		{"customer.admin.WhiteCustomerAdminApiService.page", func(ctx context.Context) (string, error) {
			page, err := t.client.Customers.List(ctx, &multimarkets.CustomerListParams{CustomerNo: t.customer.no})
			if err != nil {
				return "", err
			}
			if len(page.Items) == 0 {
				return "", fmt.Errorf("customer %s is not in the list: %w", t.customer.no, multimarkets.ErrNotFound)
			}
			c := page.Items[0]
			t.customer.id, t.customer.groupID = c.ID, c.GroupID
			return fmt.Sprintf("%d of %d: customer %s, ID %d, group %d, %s", len(page.Items), page.Total, c.CustomerNo, c.ID, c.GroupID, c.Status), nil
		}},
		{"customer.admin.WhiteCustomerAdminApiService.detail", func(ctx context.Context) (string, error) {
			d, err := t.client.Customers.Get(ctx, &multimarkets.CustomerDetailParams{CustomerID: t.customer.id, CustomerNo: t.customer.no})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("customer %s: country %s, group %q, KYC %s, registered %s", d.CustomerNo, d.Country, d.GroupName,
				d.KYCAuditStatus, d.RegisteredAt.Format(time.DateTime)), nil
		}},
		{"customer.admin.CustomerGroupAdminApiService.groupList", func(ctx context.Context) (string, error) {
			groups, err := t.client.Customers.ListGroups(ctx, nil)
			if err != nil {
				return "", err
			}
			names := make([]string, 0, len(groups))
			for _, g := range groups {
				names = append(names, fmt.Sprintf("%d %s (%s)", g.ID, g.Name, g.Type))
			}
			return fmt.Sprintf("%d groups: %s", len(groups), strings.Join(names, ", ")), nil
		}},
		{"customer.admin.CustomerAdminApiService.queryAccountList", func(ctx context.Context) (string, error) {
			accts, err := t.client.Customers.ListAccounts(ctx, &multimarkets.AccountListParams{
				CustomerNo: t.customer.no, TradeType: multimarkets.TradeTypeCrossContract,
			})
			if err != nil {
				return "", err
			}
			t.accounts = accts
			var list []string
			for _, a := range accts {
				list = append(list, fmt.Sprintf("%d %s %s balance %s", a.AccountID, a.TradeType, a.Currency, a.Balance))
			}
			return fmt.Sprintf("%d accounts: %s", len(accts), strings.Join(list, ", ")), nil
		}},
	}
}

func (t *tour) referenceSteps() []step {
	return []step{
		{"config.admin.AdminDictDubboService.getListByParentCode", func(ctx context.Context) (string, error) {
			entries, err := t.client.Reference.ListDictionary(ctx, &multimarkets.DictionaryParams{ParentCode: multimarkets.DictRegisterSource})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d %s entries%s", len(entries), multimarkets.DictRegisterSource, firstOf(entries, func(e multimarkets.DictEntry) string {
				return e.Code + " " + e.Name
			})), nil
		}},
		{"config.admin.AdminDictDubboService.getCountryListByParentCode", func(ctx context.Context) (string, error) {
			countries, err := t.client.Reference.ListCountries(ctx, nil)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d countries%s", len(countries), firstOf(countries, func(c multimarkets.Country) string {
				return c.Code + " " + c.Name + " " + c.PhoneArea
			})), nil
		}},
		{"config.admin.AdminAssetsDubboService.getAssetsList", func(ctx context.Context) (string, error) {
			assets, err := t.client.Reference.ListAssets(ctx)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d assets%s", len(assets), firstOf(assets, func(a multimarkets.Asset) string {
				return a.Code + " (" + strconv.FormatInt(int64(a.Digits), 10) + " digits)"
			})), nil
		}},
		{"config.admin.AdminAssetsDubboService.getTradeTypeList", func(ctx context.Context) (string, error) {
			tts, err := t.client.Reference.ListTradeTypeAssets(ctx)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d trading modes%s", len(tts), firstOf(tts, func(x multimarkets.TradeTypeAssets) string {
				return x.TradeType.String() + " in " + strconv.Itoa(len(x.Groups)) + " groups"
			})), nil
		}},
	}
}

func (t *tour) productSteps() []step {
	group := func() int64 { // the customer's group, once the list told it
		if t.customer.groupID != 0 {
			return t.customer.groupID
		}
		return *flagGroup
	}
	return []step{
		{"config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", func(ctx context.Context) (string, error) {
			ps, err := t.client.Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{
				TradeType: multimarkets.TradeTypeCrossContract, CustomerGroupID: group(),
			})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d products in group %d%s", len(ps), group(), firstOf(ps, func(p multimarkets.GroupProduct) string {
				return p.SymbolCode
			})), nil
		}},
		{"config.admin.AdminSymbolDubboService.getSymbolList", func(ctx context.Context) (string, error) {
			ps, err := t.client.Products.List(ctx, &multimarkets.ListProductsParams{CustomerGroupID: group()})
			if err != nil {
				return "", err
			}
			if t.symbol == "" && len(ps) > 0 {
				t.symbol = ps[0].Code
			}
			return fmt.Sprintf("%d products%s", len(ps), firstOf(ps, func(p multimarkets.Product) string {
				return p.Code + " " + p.BaseCurrency + "/" + p.ProfitCurrency
			})), nil
		}},
		{"config.admin.AdminSymbolDubboService.getSymbolGroupList", func(ctx context.Context) (string, error) {
			gs, err := t.client.Products.ListGroups(ctx)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d product groups%s", len(gs), firstOf(gs, func(g multimarkets.ProductGroup) string { return g.Name })), nil
		}},
		{"config.admin.AdminSymbolDubboService.getSymbolByCompanyId", func(ctx context.Context) (string, error) {
			ds, err := t.client.Products.ListDetails(ctx, &multimarkets.ProductDetailsParams{TradeType: multimarkets.TradeTypeCrossContract})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d product details%s", len(ds), firstOf(ds, func(d multimarkets.ProductDetail) string {
				return fmt.Sprintf("%s, %d digits, %d sessions", d.SymbolCode, d.Digits, len(d.Sessions))
			})), nil
		}},
		{"config.admin.AdminSymbolDubboService.getFundByCompanyId", func(ctx context.Context) (string, error) {
			fs, err := t.client.Products.ListFunds(ctx)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d funds%s", len(fs), firstOf(fs, func(f multimarkets.Fund) string { return f.FundName })), nil
		}},
	}
}

func (t *tour) fundSteps() []step {
	cur := *flagCurrency
	lock := func() *multimarkets.TransferLockParams {
		return &multimarkets.TransferLockParams{CustomerNo: t.customer.no, TradeType: multimarkets.TradeTypeCrossContract, Direction: multimarkets.TransferOut}
	}
	return []step{
		{"fund.admin.CustomerFundAdminDubboService.getExchangeRate", func(ctx context.Context) (string, error) {
			rates, err := t.client.Funds.ListExchangeRates(ctx, &multimarkets.ExchangeRateParams{Pairs: map[string]string{*flagRateFrom: cur}})
			if err != nil {
				return "", err
			}
			var list []string
			for _, r := range rates {
				list = append(list, fmt.Sprintf("%s→%s %s %s", r.SourceCurrency, r.TargetCurrency, r.Formula, r.Rate))
			}
			return strings.Join(list, ", "), nil
		}},
		{"fund.admin.CustomerActivityBonusAdminDubboService.operationBonus", func(ctx context.Context) (string, error) {
			r, err := t.client.Bonuses.Issue(ctx, &multimarkets.BonusParams{
				CustomerNo: t.customer.no,
				ActivityID: fmt.Sprintf("tour-%d-%04d", time.Now().Unix(), rand.IntN(10_000)),
				Currency:   cur, Amount: multimarkets.MustDecimal("5.00"),
			})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("bonus issued to %s (spot): done %t, %s %s", t.customer.no, r.Done, r.Amount, cur), nil
		}},
		{"fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal", func(ctx context.Context) (string, error) {
			var account int64 // 0: the server chooses
			for _, a := range t.accounts {
				if a.Currency == cur {
					account = a.AccountID
					break
				}
			}
			r, err := t.client.Funds.AdjustBalance(ctx, &multimarkets.AdjustmentParams{
				CustomerNo: t.customer.no, TradeType: multimarkets.TradeTypeCrossContract, Currency: cur,
				Amount: multimarkets.MustDecimal("12.50"), AccountID: account, Remark: "examples/tour",
			})
			if err != nil {
				return "", err
			}
			t.proposal = r.ProposalNo
			return fmt.Sprintf("adjustment +12.50 %s to account %d of %s: proposal %s", cur, account, t.customer.no, r.ProposalNo), nil
		}},
		{"fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById", func(ctx context.Context) (string, error) {
			a, err := t.client.Funds.GetAdjustment(ctx, &multimarkets.AdjustmentDetailParams{ProposalNo: t.proposal})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("proposal %s: %s %s on account %d, %s", a.ProposalNo, a.Amount, a.Currency, a.AccountID, a.CheckStatus), nil
		}},
		{"fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount", func(ctx context.Context) (string, error) {
			err := t.client.Funds.LockTransfers(ctx, &multimarkets.LockTransfersParams{
				CustomerNo: t.customer.no, TradeType: multimarkets.TradeTypeCrossContract,
				Direction: multimarkets.TransferOut, Duration: time.Hour,
			})
			return "transfers out of " + t.customer.no + " (cross contract) locked for 1h", err
		}},
		{"fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount", func(ctx context.Context) (string, error) {
			locked, err := t.client.Funds.IsTransferLocked(ctx, lock())
			return fmt.Sprintf("transfers out locked: %t", locked), err
		}},
		{"fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount", func(ctx context.Context) (string, error) {
			locks, err := t.client.Funds.ListTransferLocks(ctx, &multimarkets.TransferLockListParams{CustomerNo: t.customer.no, TradeType: multimarkets.TradeTypeCrossContract})
			if err != nil {
				return "", err
			}
			var list []string
			for _, l := range locks {
				list = append(list, fmt.Sprintf("%s locked %t", l.Direction, l.Locked))
			}
			return fmt.Sprintf("%d lock states: %s", len(locks), strings.Join(list, ", ")), nil
		}},
		{"fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount", func(ctx context.Context) (string, error) {
			err := t.client.Funds.UnlockTransfers(ctx, lock())
			return "transfers out of " + t.customer.no + " unlocked", err
		}},
	}
}

func (t *tour) messageSteps() []step {
	return []step{
		{"message.admin.PlatFormMessageThirdSendAdminService.add", func(ctx context.Context) (string, error) {
			err := t.client.Messages.Send(ctx, &multimarkets.MessageParams{
				CustomerNo: t.customer.no, CustomerID: t.customer.id, TradeType: multimarkets.TradeTypeCrossContract,
				Language: multimarkets.LanguageEnglish, Title: "Welcome", Content: "Your account is ready.",
			})
			return "message sent to " + t.customer.no, err
		}},
		{"message.admin.VerificationAdminService.queryCodeSendStatus", func(ctx context.Context) (string, error) {
			typ, code, token, to := multimarkets.SMSRegisterCode, *flagCode, *flagSendToken, *flagCodeTo
			if to == "" {
				to = t.phone
			}
			if token == "" && t.srv != nil {
				// The fake plays the client-side send call.
				code, token = t.srv.IssueVerificationCode(string(typ), to)
			}
			placeholder := token == ""
			if placeholder {
				code, token = "000000", "tour-placeholder"
			}
			st, err := t.client.Messages.GetCodeStatus(ctx, &multimarkets.CodeStatusParams{Type: typ, ToUser: to, Code: code, SendToken: token})
			if err != nil {
				return lookupMiss(err, placeholder, "such code: the placeholder was looked up (pass -code and -send-token)")
			}
			return fmt.Sprintf("code for %s: %s (%s)", st.ToUser, st.State, st.Description), nil
		}},
	}
}

// resolveTrade fills in the trading customer's ID and group: the tour's
// customer by default, otherwise looked up by number.
func (t *tour) resolveTrade(ctx context.Context) error {
	if t.trade.id != 0 {
		return nil
	}
	if t.trade.no == "" || t.trade.no == t.customer.no {
		t.trade = t.customer
		return nil
	}
	page, err := t.client.Customers.List(ctx, &multimarkets.CustomerListParams{CustomerNo: t.trade.no})
	if err != nil {
		return err
	}
	if len(page.Items) == 0 {
		return fmt.Errorf("trading customer %s: %w", t.trade.no, multimarkets.ErrNotFound)
	}
	t.trade.id, t.trade.groupID = page.Items[0].ID, page.Items[0].GroupID
	return nil
}

// notePosition remembers the first position's deal and order when no deal
// or order is known yet, for the deal lookups.
func (t *tour) notePosition(items []multimarkets.Position) {
	if len(items) > 0 && t.dealFrom == "" {
		p := items[0]
		t.dealID, t.orderID, t.dealType, t.dealFrom = int64(p.DealID), int64(p.OrderID), p.TradeType, "position"
	}
}

func (t *tour) tradingSteps() []step {
	tradeParams := func() *multimarkets.CustomerTradeParams {
		return &multimarkets.CustomerTradeParams{TradeType: multimarkets.TradeTypeCrossContract,
			CustomerNo: t.trade.no, CustomerID: t.trade.id, CustomerGroupID: t.trade.groupID}
	}
	return []step{
		{"tradeapi.admin.OrderAdminApiService.queryPositionPage", func(ctx context.Context) (string, error) {
			if err := t.resolveTrade(ctx); err != nil {
				return "", err
			}
			page, err := t.client.Trading.ListPositions(ctx, &multimarkets.PositionsParams{TradeType: multimarkets.TradeTypeCrossContract,
				CustomerID: t.trade.id, CustomerGroupID: t.trade.groupID, CustomerNo: t.trade.no})
			if err != nil {
				return "", err
			}
			t.notePosition(page.Items)
			// This list has no total: page.Total is only a lower bound.
			return fmt.Sprintf("customer %s: %d positions on page 1 (more: %t)%s", t.trade.no, len(page.Items), page.HasNext(), firstOf(page.Items, positionText)), nil
		}},
		{"tradeapi.admin.PositionAdminApiService.queryAllPositionPage", func(ctx context.Context) (string, error) {
			page, err := t.client.Trading.ListCompanyPositions(ctx, &multimarkets.CompanyPositionsParams{TradeType: multimarkets.TradeTypeCrossContract})
			if err != nil {
				return "", err
			}
			t.notePosition(page.Items)
			return fmt.Sprintf("company: %d of %d positions%s", len(page.Items), page.Total, firstOf(page.Items, positionText)), nil
		}},
		{"tradeapi.admin.OrderAdminApiService.queryCapitalFlowList", func(ctx context.Context) (string, error) {
			if err := t.resolveTrade(ctx); err != nil {
				return "", err
			}
			page, err := t.client.Trading.ListCapitalFlow(ctx, &multimarkets.CapitalFlowParams{TradeType: multimarkets.TradeTypeCrossContract,
				CustomerNo: t.trade.no, CustomerID: t.trade.id, CustomerGroupID: t.trade.groupID, Lang: "en_US"})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("customer %s: %d of %d capital flows%s", t.trade.no, len(page.Items), page.Total, firstOf(page.Items, func(f multimarkets.CapitalFlow) string {
				return fmt.Sprintf("%s in %s out %s", f.TypeName, f.AmountIn, f.AmountOut)
			})), nil
		}},
		{"report.admin.CatsTradeDealService.getTradeDealInfoByDealId", func(ctx context.Context) (string, error) {
			id := max(t.dealID, 1) // 1: a placeholder, no deal given or listed
			d, err := t.client.Trading.GetDeal(ctx, &multimarkets.DealByIDParams{DealID: id})
			if err != nil {
				return lookupMiss(err, t.guessed(t.dealID), fmt.Sprintf("deal %d (%s; pass -deal)", id, t.source(t.dealID)))
			}
			return fmt.Sprintf("deal %d: order %d, %s %s %s @ %s", d.DealID, d.OrderID, d.Direction, d.Quantity, d.SymbolName, d.Price()), nil
		}},
		{"report.admin.CatsTradeDealService.getTradeDealInfoByOrderId", func(ctx context.Context) (string, error) {
			id, tt := max(t.orderID, 1), t.dealType // 1: a placeholder, no order given or listed
			if tt == 0 {
				tt = multimarkets.TradeTypeCrossContract
			}
			deals, err := t.client.Trading.ListDealsByOrder(ctx, &multimarkets.DealsByOrderIDParams{OrderID: id, TradeType: tt})
			if err != nil {
				return lookupMiss(err, t.guessed(t.orderID), fmt.Sprintf("order %d (%s; pass -order)", id, t.source(t.orderID)))
			}
			return fmt.Sprintf("order %d (%s): %d deals", id, tt, len(deals)), nil
		}},
		{"tradeapi.admin.OrderAdminApiService.cancelPboOrder", func(ctx context.Context) (string, error) {
			if err := t.resolveTrade(ctx); err != nil {
				return "", err
			}
			keys, err := t.client.Trading.CancelPendingOrders(ctx, tradeParams())
			return fmt.Sprintf("customer %s: %d pending orders cancelled", t.trade.no, len(keys)), err
		}},
		{"tradeapi.admin.OrderAdminApiService.forcedOrder", func(ctx context.Context) (string, error) {
			if err := t.resolveTrade(ctx); err != nil {
				return "", err
			}
			closed, err := t.client.Trading.ForceClose(ctx, tradeParams())
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("customer %s: %d positions force-closed%s", t.trade.no, len(closed), firstOf(closed, func(c multimarkets.ClosedPosition) string {
				return fmt.Sprintf("position %d %s at %s, profit %s", c.PositionID, c.SymbolName, c.ExecutePrice, c.Profit)
			})), nil
		}},
	}
}

// guessed reports whether a deal or order ID is the tour's guess (none
// known, or taken from a position) rather than given by flag or seeded in
// the fake.
func (t *tour) guessed(id int64) bool { return id == 0 || t.dealFrom == "position" }

// source says where a deal or order ID came from, for a summary.
func (t *tour) source(id int64) string {
	switch {
	case id == 0:
		return "a placeholder"
	case t.dealFrom == "position":
		return "from the first position listed"
	case t.dealFrom == "seed":
		return "the fake's seed"
	}
	return "given by flag"
}

func positionText(p multimarkets.Position) string {
	return fmt.Sprintf("position %d %s %s @ %s", p.PositionID, p.Direction, p.SymbolName, p.OpenPrice)
}

func (t *tour) marketSteps() []step {
	ticks := func(code string, call func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.DepthTick, error)) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			ts, err := call(ctx, &multimarkets.TicksParams{Codes: []string{t.code(code)}})
			return fmt.Sprintf("%d depth ticks%s", len(ts), firstOf(ts, func(d multimarkets.DepthTick) string {
				return fmt.Sprintf("%s: %d bids, %d asks", d.Code, len(d.Bids), len(d.Asks))
			})), err
		}
	}
	trades := func(code string, call func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.TradeTick, error)) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			ts, err := call(ctx, &multimarkets.TicksParams{Codes: []string{t.code(code)}})
			return fmt.Sprintf("%d trade ticks%s", len(ts), firstOf(ts, func(d multimarkets.TradeTick) string {
				return fmt.Sprintf("%s: %s × %s", d.Code, d.Price, d.Volume)
			})), err
		}
	}
	kline := func(code string) multimarkets.KlineParams {
		return multimarkets.KlineParams{Code: t.code(code), Type: multimarkets.Kline1Hour, Count: 3, Adjust: multimarkets.KlineExRights}
	}
	klines := func(code string, call func(context.Context, *multimarkets.KlineParams, ...multimarkets.RequestOption) (*multimarkets.Klines, error)) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			p := kline(code)
			k, err := call(ctx, &p)
			if err != nil {
				return "", err
			}
			return klinesText(*k), nil
		}
	}
	batch := func(code string, call func(context.Context, *multimarkets.BatchKlineParams, ...multimarkets.RequestOption) ([]multimarkets.Klines, error)) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			ks, err := call(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{kline(code)}})
			return fmt.Sprintf("%d series%s", len(ks), firstOf(ks, klinesText)), err
		}
	}
	m := t.client.Market
	stock := *flagStockSymbol
	return []step{
		{"quote-b-api/depth-tick", ticks("", m.ListDepthTicks)},
		{"quote-stock-b-api/depth-tick", ticks(stock, m.ListStockDepthTicks)},
		{"quote-b-api/trade-tick", trades("", m.ListTradeTicks)},
		{"quote-stock-b-api/trade-tick", trades(stock, m.ListStockTradeTicks)},
		{"quote-b-api/kline", klines("", m.GetKlines)},
		{"quote-stock-b-api/kline", klines(stock, m.GetStockKlines)},
		{"quote-b-api/batch-kline", batch("", m.ListKlines)},
		{"quote-stock-b-api/batch-kline", batch(stock, m.ListStockKlines)},
	}
}

// code is the market-data code: the given one, or the product found by
// the product list (known only when the step runs).
func (t *tour) code(given string) string {
	if given != "" {
		return given
	}
	return t.symbol
}

func klinesText(k multimarkets.Klines) string {
	s := fmt.Sprintf("%s %s: %d bars", k.Code, k.Type, len(k.Bars))
	if n := len(k.Bars); n > 0 {
		b := k.Bars[n-1]
		s += fmt.Sprintf(", last %s O %s H %s L %s C %s", b.Time().UTC().Format(time.DateTime), b.Open, b.High, b.Low, b.Close)
	}
	return s
}

func (t *tour) webhookSteps() []step {
	base := *flagWebhookBase
	if base == "" {
		base = fakeWebhookBase // checkFlags requires -webhook-base against a real server
	}
	return []step{
		{"admin.admin.CompanyWebhookDubboService.subscribe", func(ctx context.Context) (string, error) {
			w := webhookURLs(base)
			err := t.client.Webhooks.Subscribe(ctx, w)
			return "webhooks replaced: " + w.BalanceURL + ", " + w.AdjustmentURL + ", " + w.CancelAdjustmentURL, err
		}},
	}
}

// firstOf describes the first item of a list, for a summary: ": <first>, …".
func firstOf[T any](items []T, describe func(T) string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return ": " + describe(items[0])
	}
	return ": " + describe(items[0]) + ", …"
}
