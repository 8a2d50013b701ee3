package multimarkets_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestCustomerRegisteredAppearsEverywhere(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
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
			require.NoError(t, err, "Exists = %v, %v; want %v", got, err, tc.want)
			require.EqualValues(t, tc.want, got, "Exists = %v, %v; want %v", got, err, tc.want)
		})
	}

	page, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: no})
	require.NoError(t, err)
	require.EqualValues(t, 1, page.Total, "List(filter) = %+v", page)
	require.Len(t, page.Items, 1, "List(filter) = %+v", page)
	require.False(t, page.HasNext(), "List(filter) = %+v", page)
	cust := page.Items[0]
	require.EqualValues(t, no, cust.CustomerNo, "customer = %+v", cust)
	require.NotEqualValues(t, 0, cust.ID, "customer = %+v", cust)
	require.EqualValues(t, mm.CustomerNormal, cust.Status, "customer = %+v", cust)
	require.EqualValues(t, "+44", cust.PhoneArea, "customer = %+v", cust)
	require.EqualValues(t, 1, cust.GroupID, "customer = %+v", cust)
	require.EqualValues(t, mm.SourceSystem, cust.RegisterSource, "customer = %+v", cust)
	require.False(t, cust.CreatedAt.IsZero(), "customer = %+v", cust)

	d, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: cust.ID, CustomerNo: no, Section: mm.DetailTradeAccount})
	require.NoError(t, err)
	require.EqualValues(t, no, d.CustomerNo, "detail = %+v", d)
	require.EqualValues(t, cust.ID, d.ID, "detail = %+v", d)
	require.EqualValues(t, "GB", d.Country, "detail = %+v", d)
	require.True(t, d.CanDeposit, "detail = %+v", d)
	require.EqualValues(t, mm.GroupReal, d.GroupType, "detail = %+v", d)
	require.True(t, strings.Contains(string(d.AccountList), "accountId"), "detail = %+v", d)
	_, err = c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: cust.ID + 1, CustomerNo: no})
	wantAPICode(t, err, mm.CodeUSCUSTOMER_API_0000003)
	require.ErrorIs(t, err, mm.ErrNotFound, "mismatched ID: %v does not match ErrNotFound", err)

	accts, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeSpot})
	require.NoError(t, err)
	require.Len(t, accts, 1, "accounts = %+v", accts)
	require.EqualValues(t, mm.TradeTypeSpot, accts[0].TradeType, "accounts = %+v", accts)
	require.EqualValues(t, "USDT", accts[0].Currency, "accounts = %+v", accts)
	require.EqualValues(t, no, accts[0].CustomerNo, "accounts = %+v", accts)
	require.EqualValues(t, cust.ID, accts[0].CustomerID, "accounts = %+v", accts)
	require.True(t, accts[0].Balance.IsZero(), "accounts = %+v", accts)
	require.EqualValues(t, mm.AccountAvailable, accts[0].Status, "accounts = %+v", accts)
	_, err = c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "99999999", TradeType: mm.TradeTypeSpot})
	require.ErrorIs(t, err, mm.ErrNotFound, "unknown customer: %v", err)
	require.EqualValues(t, 2, srv.Requests("customer.admin.CustomerAdminApiService.queryAccountList"), "requests not counted")
}

func TestCustomerGroups(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, []mmtest.Option{mmtest.WithCustomerGroups(1, 7)})
	groups, err := c.Customers.ListGroups(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, groups, 2, "groups = %+v", groups)
	require.EqualValues(t, 1, groups[0].ID, "groups = %+v", groups)
	require.EqualValues(t, 7, groups[1].ID, "groups = %+v", groups)
	require.True(t, groups[0].OpenAccountGroup, "groups = %+v", groups)
	require.EqualValues(t, mm.GroupReal, groups[0].Type, "groups = %+v", groups)
	groups, err = c.Customers.ListGroups(context.Background(), &mm.GroupListParams{TradeType: mm.TradeTypeSpot})
	require.NoError(t, err, "groups(spot) = %+v, %v", groups, err)
	require.EqualValues(t, mm.TradeTypeSpot, groups[0].TradeType, "groups(spot) = %+v, %v", groups, err)
}

func TestCustomerExistsNeedsNoToken(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv, mm.WithoutCredentials())
	ok, err := c.Customers.Exists(context.Background(), &mm.ExistsParams{Type: mm.LoginEmail, LoginName: "nobody@example.com"})
	require.NoError(t, err, "Exists = %v, %v", ok, err)
	require.False(t, ok, "Exists = %v, %v", ok, err)
	// Operations that need a token are refused by the server without one.
	_, err = c.Customers.List(context.Background(), nil)
	require.ErrorIs(t, err, mm.ErrUnauthorized, "List without token: %v", err)
}

func TestCustomerValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
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
				for _, err := range c.Customers.ListAll(ctx, &mm.CustomerListParams{PageSize: -5}) {
					return err
				}
				return nil
			}},
		{"detail nil", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams", "required",
			func() error { _, err := c.Customers.Get(ctx, nil); return err }},
		{"detail id", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.CustomerID", ">= 0",
			func() error {
				_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "86000020", CustomerID: -1})
				return err
			}},
		{"detail by number, no number", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.CustomerNo", "required",
			func() error { _, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{}); return err }},
		{"detail by number, bad number", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.CustomerNo", "digits",
			func() error {
				_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "86 000020"})
				return err
			}},
		{"detail by number, section", "customer.admin.WhiteCustomerAdminApiService.detail", "CustomerDetailParams.Section", "Detail",
			func() error {
				_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerNo: "86000020", Section: "all"})
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
			func() error { _, err := c.Customers.ListGroups(ctx, &mm.GroupListParams{TradeType: -1}); return err }},
		{"groups customerNo", "customer.admin.CustomerGroupAdminApiService.groupList", "GroupListParams.CustomerNo", "digits",
			func() error { _, err := c.Customers.ListGroups(ctx, &mm.GroupListParams{CustomerNo: "x"}); return err }},
		{"accounts nil", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams", "required",
			func() error { _, err := c.Customers.ListAccounts(ctx, nil); return err }},
		{"accounts customerNo", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams.CustomerNo", "required",
			func() error { _, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{TradeType: 1}); return err }},
		{"accounts trade type", "customer.admin.CustomerAdminApiService.queryAccountList", "AccountListParams.TradeType", ">= 0",
			func() error {
				_, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "86000020", TradeType: -1})
				return err
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkValidation(t, srv, tc.op, tc.field, tc.rule, tc.call())
		})
	}
	// A refused Get by number does not look the number up either.
	require.Zero(t, srv.Requests("customer.admin.WhiteCustomerAdminApiService.page"))
}

// checkValidation asserts err is a *ValidationError naming field with a
// rule containing rule, and that nothing reached the server.
func checkValidation(t *testing.T, srv *mmtest.Server, op, field, rule string, err error) {
	t.Helper()
	var ve *mm.ValidationError
	require.ErrorAs(t, err, &ve, "err = %v, want a *ValidationError", err)
	require.ErrorIs(t, err, mm.ErrValidation, "err = %v, want a *ValidationError", err)
	require.EqualValues(t, field, ve.Field, "got %s: %q; want %s: …%s…", ve.Field, ve.Rule, field, rule)
	require.True(t, strings.Contains(ve.Rule, rule), "got %s: %q; want %s: …%s…", ve.Field, ve.Rule, field, rule)
	n := srv.Requests(op)
	require.EqualValues(t, 0, n, "%d requests for %s reached the server", n, op)
}

func TestCustomersAllWalksPages(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	first := srv.SeedCustomers(45)
	ctx := context.Background()
	const op = "customer.admin.WhiteCustomerAdminApiService.page"

	var nos []string
	for cust, err := range c.Customers.ListAll(ctx, &mm.CustomerListParams{PageSize: 10}) {
		require.NoError(t, err)
		nos = append(nos, cust.CustomerNo)
	}
	require.Len(t, nos, 45, "walked %d customers (first %s) in %d pages; want 45 from %s in 5", len(nos), nos[0], srv.Requests(op), first)
	require.EqualValues(t, first, nos[0], "walked %d customers (first %s) in %d pages; want 45 from %s in 5", len(nos), nos[0], srv.Requests(op), first)
	require.EqualValues(t, 5, srv.Requests(op), "walked %d customers (first %s) in %d pages; want 45 from %s in 5", len(nos), nos[0], srv.Requests(op), first)
	seen := map[string]bool{}
	for _, no := range nos {
		require.False(t, seen[no], "customer %s twice", no)
		seen[no] = true
	}

	// Early break: only the pages needed are fetched.
	before := srv.Requests(op)
	n := 0
	for _, err := range c.Customers.ListAll(ctx, &mm.CustomerListParams{PageSize: 10}) {
		require.NoError(t, err)
		if n++; n == 15 {
			break
		}
	}
	got := srv.Requests(op) - before
	require.EqualValues(t, 2, got, "break after 15 of 45 fetched %d pages, want 2", got)

	// Cancellation between pages: the iterator yields ctx's error once and stops.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n = 0
	var errs []error
	for _, err := range c.Customers.ListAll(cctx, &mm.CustomerListParams{PageSize: 10}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 10 {
			cancel()
		}
	}
	require.EqualValues(t, 10, n, "after cancel: %d customers, errors %v", n, errs)
	require.Len(t, errs, 1, "after cancel: %d customers, errors %v", n, errs)
	require.ErrorIs(t, errs[0], context.Canceled, "after cancel: %d customers, errors %v", n, errs)

	// Starting page and an error page: the error is yielded once.
	srv.InjectFault(op, nil, mmtest.Code("GGATEWAY_CODE_019"))
	n, errs = 0, nil
	for _, err := range c.Customers.ListAll(ctx, &mm.CustomerListParams{PageNo: 3, PageSize: 10}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	require.EqualValues(t, 10, n, "from page 3 with a refused page 4: %d customers, errors %v", n, errs)
	require.Len(t, errs, 1, "from page 3 with a refused page 4: %d customers, errors %v", n, errs)
	require.ErrorIs(t, errs[0], mm.ErrUnauthorized, "from page 3 with a refused page 4: %d customers, errors %v", n, errs)
}

func TestCustomersListPages(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	srv.SeedCustomers(25)
	ctx := context.Background()
	p1, err := c.Customers.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, p1.Items, 20, "page 1 = %d items, %+v", len(p1.Items), p1)
	require.EqualValues(t, 25, p1.Total, "page 1 = %d items, %+v", len(p1.Items), p1)
	require.True(t, p1.HasNext(), "page 1 = %d items, %+v", len(p1.Items), p1)
	require.EqualValues(t, 1, p1.PageNo, "page 1 = %d items, %+v", len(p1.Items), p1)
	require.EqualValues(t, 20, p1.PageSize, "page 1 = %d items, %+v", len(p1.Items), p1)
	p2, err := c.Customers.List(ctx, &mm.CustomerListParams{PageNo: 2})
	require.NoError(t, err, "page 2 = %+v, %v", p2, err)
	require.Len(t, p2.Items, 5, "page 2 = %+v, %v", p2, err)
	require.False(t, p2.HasNext(), "page 2 = %+v, %v", p2, err)
	p9, err := c.Customers.List(ctx, &mm.CustomerListParams{PageNo: 9})
	require.NoError(t, err, "page 9 = %+v, %v", p9, err)
	require.Empty(t, p9.Items, "page 9 = %+v, %v", p9, err)
	require.False(t, p9.HasNext(), "page 9 = %+v, %v", p9, err)
}

func TestCustomerTolerantDecoding(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("page example with IDs as strings and numbers", func(t *testing.T) {
		c := envelopeServer(t, `{"current":"1","size":20,"total":"2","records":[
			{"agentCustomerNo":"","companyId":0,"createTime":0,"customerGroupId":0,"customerGroupName":"","customerNo":"","customerType":0,"email":"","firstAccountActivateTime":0,"firstName":"","id":0,"idCard":"","idCardType":"","lastName":"","loginTime":0,"name":"","openAccountType":0,"phone":"","phoneArea":"","registerSource":0,"remark":"","status":0,"tgUserId":"","tgUserName":"","thirdAccountNo":"","thirdLoginSource":"","thirdUserId":"","unitId":0,"unitName":"","updateTime":0},
			{"id":"1001","customerNo":86000020,"companyId":"10086","customerGroupId":"1","status":"5","customerType":"3","registerSource":"2","createTime":"1646123590664","unitId":null,"tgUserId":123456789}]}`)
		p, err := c.Customers.List(ctx, nil)
		require.NoError(t, err)
		require.EqualValues(t, 2, p.Total, "page = %+v", p)
		require.Len(t, p.Items, 2, "page = %+v", p)
		require.True(t, reflect.DeepEqual(p.Items[0], mm.Customer{}), "example record = %+v, want the zero Customer", p.Items[0])
		got := p.Items[1]
		require.EqualValues(t, 1001, got.ID, "record = %+v", got)
		require.EqualValues(t, "86000020", got.CustomerNo, "record = %+v", got)
		require.EqualValues(t, 10086, got.CompanyID, "record = %+v", got)
		require.EqualValues(t, mm.CustomerLocked, got.Status, "record = %+v", got)
		require.EqualValues(t, mm.CustomerTypeActivitySettlement, got.Type, "record = %+v", got)
		require.EqualValues(t, mm.SourcePCWeb, got.RegisterSource, "record = %+v", got)
		require.EqualValues(t, "123456789", got.TelegramUserID, "record = %+v", got)
		require.True(t, got.CreatedAt.Equal(time.UnixMilli(1646123590664)), "record = %+v", got)
	})
	t.Run("queryAccountList example", func(t *testing.T) {
		c := envelopeServer(t, `[{"netAssets":"47.319290","available":"47.319290","remark":null,"type":1,"equity":"47.319290","firstDepositTime":1646123635909,"lockMargin":"0.000000","balance":"47.319290","interest":"0.000000","customerId":189,"liabilities":"0.000000","currency":"USDT","activateStatus":2,"withdrawAmount":"0.000000","profit":"0","tradeType":1,"wholeWarehouseBalance":null,"freeMargin":"0","margin":"0","firstWithdrawTime":null,"activateTime":1646123635934,"frozen":"0.000000","wholeWarehouseRate":null,"accountId":1003496,"openAccountStatus":true,"companyId":1,"liabilitiesPrincipal":"0.000000","interestProportion":null,"createTime":1646123590664,"lockAmount":"0.000000","marginRadio":null,"notWithdrawAmount":"10000000.000000","availableLoan":null,"digits":6,"customerNo":"86000188","status":2,"assetsId":1}]`)
		accts, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "86000188", TradeType: 1})
		require.NoError(t, err)
		a := accts[0]
		require.Len(t, accts, 1, "account = %+v", a)
		require.EqualValues(t, 1003496, a.AccountID, "account = %+v", a)
		require.EqualValues(t, 189, a.CustomerID, "account = %+v", a)
		require.EqualValues(t, "47.319290", a.Balance.String(), "account = %+v", a)
		require.EqualValues(t, "10000000.000000", a.NotWithdrawAmount.String(), "account = %+v", a)
		require.EqualValues(t, 6, a.Digits, "account = %+v", a)
		require.EqualValues(t, mm.AccountKindUser, a.Kind, "account = %+v", a)
		require.EqualValues(t, mm.AccountAvailable, a.Status, "account = %+v", a)
		require.True(t, a.Open, "account = %+v", a)
		require.True(t, a.FirstWithdrawAt.IsZero(), "account = %+v", a)
		require.EqualValues(t, mm.TradeTypeCrossContract, a.TradeType, "account = %+v", a)
	})
	t.Run("queryAccountList as the schema's single object, money as numbers", func(t *testing.T) {
		c := envelopeServer(t, `{"accountId":"7","balance":12.5,"tradeType":"5","currency":"BTC"}`)
		accts, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "86000188", TradeType: 5})
		require.NoError(t, err, "accounts = %+v, %v", accts, err)
		require.Len(t, accts, 1, "accounts = %+v, %v", accts, err)
		require.EqualValues(t, 7, accts[0].AccountID, "accounts = %+v, %v", accts, err)
		require.EqualValues(t, "12.5", accts[0].Balance.String(), "accounts = %+v, %v", accts, err)
		require.EqualValues(t, mm.TradeTypeSpot, accts[0].TradeType, "accounts = %+v, %v", accts, err)
	})
	t.Run("groupList as the schema's single object", func(t *testing.T) {
		c := envelopeServer(t, `{"id":"3","name":"VIP","openAccountType":2,"type":"1","tradeType":5,"assets":"USDT"}`)
		g, err := c.Customers.ListGroups(ctx, nil)
		require.NoError(t, err, "groups = %+v, %v", g, err)
		require.Len(t, g, 1, "groups = %+v, %v", g, err)
		require.EqualValues(t, 3, g[0].ID, "groups = %+v, %v", g, err)
		require.False(t, g[0].OpenAccountGroup, "groups = %+v, %v", g, err)
		require.EqualValues(t, mm.GroupDemo, g[0].Type, "groups = %+v, %v", g, err)
		require.EqualValues(t, mm.TradeTypeSpot, g[0].TradeType, "groups = %+v, %v", g, err)
	})
	t.Run("detail example", func(t *testing.T) {
		c := envelopeServer(t, `{"accountList":{},"accountRemark":"","activateStatus":0,"activateTime":0,"address":"","apiCheckRule":"","apiCheckSwitch":true,"assertPassStatus":"","associationCompanyId":0,"companyId":0,"companyKycStatus":0,"companyType":"","country":"","createTime":0,"customerAgentMark":"","customerGroupId":0,"customerNo":"","customerType":0,"deposit":0,"earlyWarningLevel":{},"email":"","firstName":"","forceLevel":{},"googleId":0,"id":"42","idCard":"","idCardType":"","isFund":0,"kycAuditRemark":"","kycAuditStatus":"3","kycRemark":"","kycStatus":0,"lastName":"","loginPassStatus":"","loginTime":0,"name":"","openAccountType":0,"optional":0,"payPassStatus":"","phone":"","phoneArea":"","postalCode":"","registerSource":0,"registerTime":0,"relationCustomerId":0,"source":"","status":0,"thirdIntactMsg":"","thirdLoginSource":"","thirdServerCode":"","thirdUserId":"","type":0,"unitId":0,"unitName":"","utmSource":"","withdraw":0,"withdrawLevel":{}}`)
		d, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: 42, CustomerNo: "86000020"})
		require.NoError(t, err, "detail = %+v, %v", d, err)
		require.EqualValues(t, 42, d.ID, "detail = %+v, %v", d, err)
		require.EqualValues(t, mm.KYCRejected, d.KYCAuditStatus, "detail = %+v, %v", d, err)
		require.True(t, d.APICheckSwitch, "detail = %+v, %v", d, err)
		require.EqualValues(t, "{}", string(d.ForceLevel), "detail = %+v, %v", d, err)
	})
	t.Run("exists answers 1, \"2\" and nonsense", func(t *testing.T) {
		for data, want := range map[string]bool{"1": true, `"1"`: true, "2": false, `"2"`: false} {
			got, err := envelopeServer(t, data).Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "86000020"})
			require.NoError(t, err, "data %s: %v, %v", data, got, err)
			require.EqualValues(t, want, got, "data %s: %v, %v", data, got, err)
		}
		_, err := envelopeServer(t, "7").Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginAccount, LoginName: "86000020"})
		require.ErrorIs(t, err, mm.ErrBadResponse, "data 7: %v", err)
	})
}

func TestCustomerStringsMaskPersonalData(t *testing.T) {
	t.Parallel()
	c := mm.Customer{CustomerNo: "86000020", ID: 5, Phone: "7700900123", Email: "jane@example.com", Status: mm.CustomerNormal}
	s := c.String()
	require.False(t, strings.Contains(s, "7700900123"), "String() = %s", s)
	require.False(t, strings.Contains(s, "jane@"), "String() = %s", s)
	require.True(t, strings.Contains(s, "86000020"), "String() = %s", s)
	for _, v := range []fmt.Stringer{mm.CustomerStatus(9), mm.CustomerType(9), mm.KYCAuditStatus(9), mm.GroupType(9),
		mm.AccountStatus(9), mm.AccountKind(9), mm.LoginType(9), mm.OpenAccountType(9)} {
		assert.True(t, strings.HasSuffix(v.String(), "(9)"), "%T(9).String() = %s", v, v)
	}
	assert.Equal(t, "closing", mm.CustomerClosing.String())
	assert.Equal(t, "approved", mm.KYCApproved.String())
	assert.Equal(t, "phone", mm.LoginPhone.String())
}
