package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// fakeAndClient starts an mmtest server and a client authorized with app
// credentials, without retries so refusals show at once.
func fakeAndClient(t testing.TB, opts ...mmtest.Option) (*mmtest.Server, *mm.Client) {
	t.Helper()
	srv := mmtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID),
		mm.WithAppCredentials(srv.AppID, srv.AppSecret))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// register makes a customer through the API and returns its number.
func register(t testing.TB, c *mm.Client, phone string, accts ...mm.TradeTypeCurrency) string {
	t.Helper()
	reg, err := c.Customers.Register(context.Background(), &mm.RegisterParams{
		Phone: phone, PhoneArea: "+44", Email: "c" + phone + "@example.com", Password: mm.PlainPassword("a123456"),
		Country: "GB", Source: mm.SourceSystem, CustomerGroupID: 1, TradeTypeCurrencies: accts,
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg.CustomerNo
}

// envelopeServer answers every request with a success envelope carrying
// data, to feed the SDK the spec's example payloads.
func envelopeServer(t *testing.T, data string) *mm.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"msg":"Success","fail":false,"trace":%q,"code":"0","data":%s,"bizCode":"","tm":3,"msgParams":null,"ok":true}`,
			r.Header.Get("trace"), data)
	}))
	t.Cleanup(hs.Close)
	c, err := mm.NewClient(mm.WithBaseURL(hs.URL), mm.WithCompanyID("10086"), mm.WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantAPICode(t *testing.T, err error, code mm.ErrorCode) {
	t.Helper()
	var apiErr *mm.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != code {
		t.Fatalf("err = %v, want an *APIError with %s", err, code)
	}
}

func TestCustomerRegisteredAppearsEverywhere(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	no := register(t, c, "7700900123", mm.TradeTypeCurrency{TradeType: mm.TradeTypeCrossContract, Currency: "USDT"},
		mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})

	for _, tc := range []struct {
		name string
		p    mm.ExistsParams
		want bool
	}{
		{"phone", mm.ExistsParams{Type: mm.LoginPhone, LoginName: "7700900123", PhoneArea: "+44"}, true},
		{"phone other area", mm.ExistsParams{Type: mm.LoginPhone, LoginName: "7700900123", PhoneArea: "+1"}, false},
		{"email", mm.ExistsParams{Type: mm.LoginEmail, LoginName: "c7700900123@example.com"}, true},
		{"account", mm.ExistsParams{Type: mm.LoginAccount, LoginName: no}, true},
		{"unknown account", mm.ExistsParams{Type: mm.LoginAccount, LoginName: "1"}, false},
	} {
		t.Run("exists/"+tc.name, func(t *testing.T) {
			got, err := c.Customers.Exists(ctx, &tc.p)
			if err != nil || got != tc.want {
				t.Fatalf("Exists = %v, %v; want %v", got, err, tc.want)
			}
		})
	}

	page, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: no})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || len(page.Items) != 1 || page.HasNext() {
		t.Fatalf("List(filter) = %+v", page)
	}
	cust := page.Items[0]
	if cust.CustomerNo != no || cust.ID == 0 || cust.Status != mm.CustomerNormal || cust.PhoneArea != "+44" ||
		cust.GroupID != 1 || cust.RegisterSource != mm.SourceSystem || cust.CreatedAt.IsZero() {
		t.Fatalf("customer = %+v", cust)
	}

	d, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: cust.ID, CustomerNo: no, Section: mm.DetailTradeAccount})
	if err != nil {
		t.Fatal(err)
	}
	if d.CustomerNo != no || d.ID != cust.ID || d.Country != "GB" || !d.CanDeposit || d.GroupType != mm.GroupReal ||
		!strings.Contains(string(d.AccountList), "accountId") {
		t.Fatalf("detail = %+v", d)
	}
	_, err = c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: cust.ID + 1, CustomerNo: no})
	wantAPICode(t, err, mm.CodeUSCUSTOMER_API_0000003)
	if !errors.Is(err, mm.ErrNotFound) {
		t.Fatalf("mismatched ID: %v does not match ErrNotFound", err)
	}

	accts, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeSpot})
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1 || accts[0].TradeType != mm.TradeTypeSpot || accts[0].Currency != "USDT" ||
		accts[0].CustomerNo != no || accts[0].CustomerID != cust.ID || !accts[0].Balance.IsZero() || accts[0].Status != mm.AccountAvailable {
		t.Fatalf("accounts = %+v", accts)
	}
	_, err = c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: "99999999", TradeType: mm.TradeTypeSpot})
	if !errors.Is(err, mm.ErrNotFound) {
		t.Fatalf("unknown customer: %v", err)
	}
	if srv.Requests("customer.admin.CustomerAdminApiService.queryAccountList") != 2 {
		t.Fatal("requests not counted")
	}
}

func TestCustomerGroups(t *testing.T) {
	_, c := fakeAndClient(t, mmtest.WithCustomerGroups(1, 7))
	groups, err := c.Customers.Groups(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].ID != 1 || groups[1].ID != 7 || !groups[0].OpenAccountGroup || groups[0].Type != mm.GroupReal {
		t.Fatalf("groups = %+v", groups)
	}
	groups, err = c.Customers.Groups(context.Background(), &mm.GroupListParams{TradeType: mm.TradeTypeSpot})
	if err != nil || groups[0].TradeType != mm.TradeTypeSpot {
		t.Fatalf("groups(spot) = %+v, %v", groups, err)
	}
}

func TestCustomerExistsNeedsNoToken(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	c, err := mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID)) // no credentials at all
	if err != nil {
		t.Fatal(err)
	}
	ok, err := c.Customers.Exists(context.Background(), &mm.ExistsParams{Type: mm.LoginEmail, LoginName: "nobody@example.com"})
	if err != nil || ok {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
	// Operations that need a token are refused by the server without one.
	_, err = c.Customers.List(context.Background(), nil)
	if !errors.Is(err, mm.ErrUnauthorized) {
		t.Fatalf("List without token: %v", err)
	}
}

func TestCustomerValidation(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	tests := []struct {
		name, op, field, rule string
		call                  func() error
	}{
		{"exists nil", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams", "required",
			func() error { _, err := c.Customers.Exists(ctx, nil); return err }},
		{"exists type", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams.Type", "LoginEmail",
			func() error {
				_, err := c.Customers.Exists(ctx, &mm.ExistsParams{LoginName: "x@example.com"})
				return err
			}},
		{"exists email", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams.LoginName", "e-mail",
			func() error {
				_, err := c.Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginEmail, LoginName: "nope"})
				return err
			}},
		{"exists phone", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams.LoginName", "digits",
			func() error {
				_, err := c.Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginPhone, LoginName: "+44 77"})
				return err
			}},
		{"exists account", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams.LoginName", "customer number",
			func() error {
				_, err := c.Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "AB12"})
				return err
			}},
		{"exists area", "customer.app.CustomerWebApiService.checkCustomerExist", "ExistsParams.PhoneArea", "area code",
			func() error {
				_, err := c.Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginPhone, LoginName: "77009001", PhoneArea: "44"})
				return err
			}},
		{"list size", "customer.admin.WhiteCustomerAdminApiService.page", "CustomerListParams.PageSize", "1 to 2000",
			func() error { _, err := c.Customers.List(ctx, &mm.CustomerListParams{PageSize: 2001}); return err }},
		{"list page", "customer.admin.WhiteCustomerAdminApiService.page", "CustomerListParams.PageNo", ">= 1",
			func() error { _, err := c.Customers.List(ctx, &mm.CustomerListParams{PageNo: -1}); return err }},
		{"list customerNo", "customer.admin.WhiteCustomerAdminApiService.page", "CustomerListParams.CustomerNo", "digits",
			func() error { _, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: "86-1"}); return err }},
		{"all size", "customer.admin.WhiteCustomerAdminApiService.page", "CustomerListParams.PageSize", "1 to 2000",
			func() error {
				for _, err := range c.Customers.All(ctx, &mm.CustomerListParams{PageSize: -5}) {
					return err
				}
				return nil
			}},
		{"detail nil", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams", "required",
			func() error { _, err := c.Customers.Get(ctx, nil); return err }},
		{"detail id", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.CustomerID", "> 0",
			func() error {
				_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "86000020"})
				return err
			}},
		{"detail no", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.CustomerNo", "required",
			func() error { _, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: 1}); return err }},
		{"detail section", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.Section", "Detail",
			func() error {
				_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: 1, CustomerNo: "86000020", Section: "all"})
				return err
			}},
		{"groups trade type", "customer.admin.CustomerGroupAdminApiService.groupList", "GroupListParams.TradeType", ">= 0",
			func() error { _, err := c.Customers.Groups(ctx, &mm.GroupListParams{TradeType: -1}); return err }},
		{"groups customerNo", "customer.admin.CustomerGroupAdminApiService.groupList", "GroupListParams.CustomerNo", "digits",
			func() error { _, err := c.Customers.Groups(ctx, &mm.GroupListParams{CustomerNo: "x"}); return err }},
		{"accounts nil", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams", "required",
			func() error { _, err := c.Customers.Accounts(ctx, nil); return err }},
		{"accounts customerNo", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams.CustomerNo", "required",
			func() error { _, err := c.Customers.Accounts(ctx, &mm.AccountListParams{TradeType: 1}); return err }},
		{"accounts trade type", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams.TradeType", "> 0",
			func() error {
				_, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: "86000020"})
				return err
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkValidation(t, srv, tc.op, tc.field, tc.rule, tc.call())
		})
	}
}

// checkValidation asserts err is a *ValidationError naming field with a
// rule containing rule, and that nothing reached the server.
func checkValidation(t *testing.T, srv *mmtest.Server, op, field, rule string, err error) {
	t.Helper()
	var ve *mm.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, mm.ErrValidation) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if ve.Field != field || !strings.Contains(ve.Rule, rule) {
		t.Fatalf("got %s: %q; want %s: …%s…", ve.Field, ve.Rule, field, rule)
	}
	if n := srv.Requests(op); n != 0 {
		t.Fatalf("%d requests for %s reached the server", n, op)
	}
}

func TestCustomersAllWalksPages(t *testing.T) {
	srv, c := fakeAndClient(t)
	first := srv.SeedCustomers(45)
	ctx := context.Background()
	const op = "customer.admin.WhiteCustomerAdminApiService.page"

	var nos []string
	for cust, err := range c.Customers.All(ctx, &mm.CustomerListParams{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		nos = append(nos, cust.CustomerNo)
	}
	if len(nos) != 45 || nos[0] != first || srv.Requests(op) != 5 {
		t.Fatalf("walked %d customers (first %s) in %d pages; want 45 from %s in 5", len(nos), nos[0], srv.Requests(op), first)
	}
	seen := map[string]bool{}
	for _, no := range nos {
		if seen[no] {
			t.Fatalf("customer %s twice", no)
		}
		seen[no] = true
	}

	// Early break: only the pages needed are fetched.
	before := srv.Requests(op)
	n := 0
	for _, err := range c.Customers.All(ctx, &mm.CustomerListParams{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if got := srv.Requests(op) - before; got != 2 {
		t.Fatalf("break after 15 of 45 fetched %d pages, want 2", got)
	}

	// Cancellation between pages: the iterator yields ctx's error once and stops.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n = 0
	var errs []error
	for _, err := range c.Customers.All(cctx, &mm.CustomerListParams{PageSize: 10}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if n != 10 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("after cancel: %d customers, errors %v", n, errs)
	}

	// Starting page and an error page: the error is yielded once.
	srv.InjectFault(op, nil, mmtest.Code("GGATEWAY_CODE_019"))
	n, errs = 0, nil
	for _, err := range c.Customers.All(ctx, &mm.CustomerListParams{PageNo: 3, PageSize: 10}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if n != 10 || len(errs) != 1 || !errors.Is(errs[0], mm.ErrUnauthorized) {
		t.Fatalf("from page 3 with a refused page 4: %d customers, errors %v", n, errs)
	}
}

func TestCustomersListPages(t *testing.T) {
	srv, c := fakeAndClient(t)
	srv.SeedCustomers(25)
	ctx := context.Background()
	p1, err := c.Customers.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Items) != 20 || p1.Total != 25 || !p1.HasNext() || p1.PageNo != 1 || p1.PageSize != 20 {
		t.Fatalf("page 1 = %d items, %+v", len(p1.Items), p1)
	}
	p2, err := c.Customers.List(ctx, &mm.CustomerListParams{PageNo: 2})
	if err != nil || len(p2.Items) != 5 || p2.HasNext() {
		t.Fatalf("page 2 = %+v, %v", p2, err)
	}
	p9, err := c.Customers.List(ctx, &mm.CustomerListParams{PageNo: 9})
	if err != nil || len(p9.Items) != 0 || p9.HasNext() {
		t.Fatalf("page 9 = %+v, %v", p9, err)
	}
}

func TestCustomerTolerantDecoding(t *testing.T) {
	ctx := context.Background()
	t.Run("page example with IDs as strings and numbers", func(t *testing.T) {
		c := envelopeServer(t, `{"current":"1","size":20,"total":"2","records":[
			{"agentCustomerNo":"","companyId":0,"createTime":0,"customerGroupId":0,"customerGroupName":"","customerNo":"","customerType":0,"email":"","firstAccountActivateTime":0,"firstName":"","id":0,"idCard":"","idCardType":"","lastName":"","loginTime":0,"name":"","openAccountType":0,"phone":"","phoneArea":"","registerSource":0,"remark":"","status":0,"tgUserId":"","tgUserName":"","thirdAccountNo":"","thirdLoginSource":"","thirdUserId":"","unitId":0,"unitName":"","updateTime":0},
			{"id":"1001","customerNo":86000020,"companyId":"10086","customerGroupId":"1","status":"5","customerType":"3","registerSource":"2","createTime":"1646123590664","unitId":null,"tgUserId":123456789}]}`)
		p, err := c.Customers.List(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 2 || len(p.Items) != 2 {
			t.Fatalf("page = %+v", p)
		}
		if !reflect.DeepEqual(p.Items[0], mm.Customer{}) {
			t.Fatalf("example record = %+v, want the zero Customer", p.Items[0])
		}
		got := p.Items[1]
		if got.ID != 1001 || got.CustomerNo != "86000020" || got.CompanyID != 10086 || got.Status != mm.CustomerLocked ||
			got.Type != mm.CustomerTypeActivitySettlement || got.RegisterSource != mm.SourcePCWeb || got.TelegramUserID != "123456789" ||
			!got.CreatedAt.Equal(time.UnixMilli(1646123590664)) {
			t.Fatalf("record = %+v", got)
		}
	})
	t.Run("queryAccountList example", func(t *testing.T) {
		c := envelopeServer(t, `[{"netAssets":"47.319290","available":"47.319290","remark":null,"type":1,"equity":"47.319290","firstDepositTime":1646123635909,"lockMargin":"0.000000","balance":"47.319290","interest":"0.000000","customerId":189,"liabilities":"0.000000","currency":"USDT","activateStatus":2,"withdrawAmount":"0.000000","profit":"0","tradeType":1,"wholeWarehouseBalance":null,"freeMargin":"0","margin":"0","firstWithdrawTime":null,"activateTime":1646123635934,"frozen":"0.000000","wholeWarehouseRate":null,"accountId":1003496,"openAccountStatus":true,"companyId":1,"liabilitiesPrincipal":"0.000000","interestProportion":null,"createTime":1646123590664,"lockAmount":"0.000000","marginRadio":null,"notWithdrawAmount":"10000000.000000","availableLoan":null,"digits":6,"customerNo":"86000188","status":2,"assetsId":1}]`)
		accts, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: "86000188", TradeType: 1})
		if err != nil {
			t.Fatal(err)
		}
		a := accts[0]
		if len(accts) != 1 || a.AccountID != 1003496 || a.CustomerID != 189 || a.Balance.String() != "47.319290" ||
			a.NotWithdrawAmount.String() != "10000000.000000" || a.Digits != 6 || a.Kind != mm.AccountKindUser ||
			a.Status != mm.AccountAvailable || !a.Open || !a.FirstWithdrawAt.IsZero() || a.TradeType != mm.TradeTypeCrossContract {
			t.Fatalf("account = %+v", a)
		}
	})
	t.Run("queryAccountList as the schema's single object, money as numbers", func(t *testing.T) {
		c := envelopeServer(t, `{"accountId":"7","balance":12.5,"tradeType":"5","currency":"BTC"}`)
		accts, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: "86000188", TradeType: 5})
		if err != nil || len(accts) != 1 || accts[0].AccountID != 7 || accts[0].Balance.String() != "12.5" || accts[0].TradeType != mm.TradeTypeSpot {
			t.Fatalf("accounts = %+v, %v", accts, err)
		}
	})
	t.Run("groupList as the schema's single object", func(t *testing.T) {
		c := envelopeServer(t, `{"id":"3","name":"VIP","openAccountType":2,"type":"1","tradeType":5,"assets":"USDT"}`)
		g, err := c.Customers.Groups(ctx, nil)
		if err != nil || len(g) != 1 || g[0].ID != 3 || g[0].OpenAccountGroup || g[0].Type != mm.GroupDemo || g[0].TradeType != mm.TradeTypeSpot {
			t.Fatalf("groups = %+v, %v", g, err)
		}
	})
	t.Run("detail example", func(t *testing.T) {
		c := envelopeServer(t, `{"accountList":{},"accountRemark":"","activateStatus":0,"activateTime":0,"address":"","apiCheckRule":"","apiCheckSwitch":true,"assertPassStatus":"","associationCompanyId":0,"companyId":0,"companyKycStatus":0,"companyType":"","country":"","createTime":0,"customerAgentMark":"","customerGroupId":0,"customerNo":"","customerType":0,"deposit":0,"earlyWarningLevel":{},"email":"","firstName":"","forceLevel":{},"googleId":0,"id":"42","idCard":"","idCardType":"","isFund":0,"kycAuditRemark":"","kycAuditStatus":"3","kycRemark":"","kycStatus":0,"lastName":"","loginPassStatus":"","loginTime":0,"name":"","openAccountType":0,"optional":0,"payPassStatus":"","phone":"","phoneArea":"","postalCode":"","registerSource":0,"registerTime":0,"relationCustomerId":0,"source":"","status":0,"thirdIntactMsg":"","thirdLoginSource":"","thirdServerCode":"","thirdUserId":"","type":0,"unitId":0,"unitName":"","utmSource":"","withdraw":0,"withdrawLevel":{}}`)
		d, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: 42, CustomerNo: "86000020"})
		if err != nil || d.ID != 42 || d.KYCAuditStatus != mm.KYCRejected || !d.APICheckSwitch || string(d.ForceLevel) != "{}" {
			t.Fatalf("detail = %+v, %v", d, err)
		}
	})
	t.Run("exists answers 1, \"2\" and nonsense", func(t *testing.T) {
		for data, want := range map[string]bool{"1": true, `"1"`: true, "2": false, `"2"`: false} {
			got, err := envelopeServer(t, data).Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "86000020"})
			if err != nil || got != want {
				t.Fatalf("data %s: %v, %v", data, got, err)
			}
		}
		_, err := envelopeServer(t, "7").Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "86000020"})
		if !errors.Is(err, mm.ErrBadResponse) {
			t.Fatalf("data 7: %v", err)
		}
	})
}

func TestCustomerStringsMaskPersonalData(t *testing.T) {
	c := mm.Customer{CustomerNo: "86000020", ID: 5, Phone: "7700900123", Email: "jane@example.com", Status: mm.CustomerNormal}
	s := c.String()
	if strings.Contains(s, "7700900123") || strings.Contains(s, "jane@") || !strings.Contains(s, "86000020") {
		t.Fatalf("String() = %s", s)
	}
	for _, v := range []fmt.Stringer{mm.CustomerStatus(9), mm.CustomerType(9), mm.KYCAuditStatus(9), mm.GroupType(9),
		mm.AccountStatus(9), mm.AccountKind(9), mm.LoginType(9), mm.OpenAccountType(9)} {
		if !strings.HasSuffix(v.String(), "(9)") {
			t.Errorf("%T(9).String() = %s", v, v)
		}
	}
	if mm.CustomerClosing.String() != "closing" || mm.KYCApproved.String() != "approved" || mm.LoginPhone.String() != "phone" {
		t.Error("names")
	}
}
