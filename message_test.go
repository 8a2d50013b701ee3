package multimarkets_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestMessagesSend(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	no := register(t, c, "7700900500")
	page, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: no})
	require.NoError(t, err)
	id := page.Items[0].ID
	p := &mm.MessageParams{CustomerNo: no, CustomerID: id, TradeType: mm.TradeTypeCrossContract, Language: mm.LanguageEnglish,
		Title: "Welcome", Content: "Your bonus has arrived.", Popup: true, Refresh: mm.RefreshFunds}
	err = c.Messages.Send(ctx, p)
	require.NoError(t, err)
	got := srv.Messages()
	require.Len(t, got, 1, "messages = %+v", got)
	require.EqualValues(t, id, got[0].CustomerID, "messages = %+v", got)
	require.EqualValues(t, 1, got[0].ShowType, "messages = %+v", got)
	require.EqualValues(t, 3, got[0].RefreshType, "messages = %+v", got)
	require.EqualValues(t, "Welcome", got[0].Title, "messages = %+v", got)
	// The customer number and ID must name the same customer.
	bad := *p
	bad.CustomerID = id + 1
	wantAPICode(t, c.Messages.Send(ctx, &bad), mm.CodeUSCUSTOMER_API_0000003)
}

func TestMessagesCodeStatus(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	code, tok := srv.IssueVerificationCode("SMS_REGISTER_VERIFICATION_CODE", "447700900123")
	p := &mm.CodeStatusParams{Type: mm.SMSRegisterCode, ToUser: "447700900123", Code: code, SendToken: tok}
	st, err := c.Messages.GetCodeStatus(ctx, p)
	require.NoError(t, err)
	require.EqualValues(t, mm.CodeStatePending, st.State, "status = %+v", st)
	require.EqualValues(t, code, st.Code, "status = %+v", st)
	require.EqualValues(t, tok, st.SendToken, "status = %+v", st)
	require.EqualValues(t, mm.SMSRegisterCode, st.Type, "status = %+v", st)
	require.NotEqualValues(t, "", st.Name, "status = %+v", st)
	srv.SetVerificationCodeState(tok, 2)
	st, err = c.Messages.GetCodeStatus(ctx, p)
	require.NoError(t, err, "after use: %+v, %v", st, err)
	require.EqualValues(t, mm.CodeStateUsed, st.State, "after use: %+v, %v", st, err)
	wrong := *p
	wrong.Code = "000000"
	_, err = c.Messages.GetCodeStatus(ctx, &wrong)
	wantAPICode(t, err, mm.CodeUSCUSTOMER_API_0000511)

	// The schema types status as a string; a number decodes too.
	ex := envelopeServer(t, `{"bizType":"EMAIL_LOGIN_VERIFICATION_CODE","toUser":"a@example.com","sendToken":"s","code":123456,"status":3,"name":"EXPIRED","desc":"Expired"}`)
	st, err = ex.Messages.GetCodeStatus(ctx, &mm.CodeStatusParams{Type: mm.EmailLoginCode, ToUser: "a@example.com", Code: "123456", SendToken: "s"})
	require.NoError(t, err, "example status = %+v, %v", st, err)
	require.EqualValues(t, mm.CodeStateExpired, st.State, "example status = %+v, %v", st, err)
	require.EqualValues(t, "123456", st.Code, "example status = %+v, %v", st, err)
	require.EqualValues(t, "expired", st.State.String(), "example status = %+v, %v", st, err)
}

func TestWebhooksSubscribe(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	sub := &mm.WebhookParams{
		BalanceURL:          "https://broker.example/mm/balance",
		AdjustmentURL:       "https://broker.example/mm/adjust",
		CancelAdjustmentURL: "https://broker.example/mm/cancel",
	}
	err := c.Webhooks.Subscribe(ctx, sub)
	require.NoError(t, err)
	got, ok := srv.Webhooks()
	require.True(t, ok, "subscription = %+v", got)
	require.EqualValues(t, sub.BalanceURL, got.QueryUserAccountBalanceURL, "subscription = %+v", got)
	require.EqualValues(t, sub.AdjustmentURL, got.ExternalSystemAdjustmentURL, "subscription = %+v", got)
	require.EqualValues(t, sub.CancelAdjustmentURL, got.CancelExternalSystemAdjustmentURL, "subscription = %+v", got)
	srv.InjectFault(opWebhook, mmtest.Code("GGATEWAY_CODE_019"))
	err = c.Webhooks.Subscribe(ctx, sub)
	require.NotEqualValues(t, nil, err, "refusal not reported")
}

func TestMessageAndWebhookValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	send := func(mut func(*mm.MessageParams)) error {
		p := mm.MessageParams{CustomerNo: "86000020", CustomerID: 1, TradeType: 1, Language: "en-US", Title: "t", Content: "c"}
		mut(&p)
		return c.Messages.Send(ctx, &p)
	}
	status := func(mut func(*mm.CodeStatusParams)) error {
		p := mm.CodeStatusParams{Type: mm.SMSLoginCode, ToUser: "4477", Code: "1", SendToken: "s"}
		mut(&p)
		_, err := c.Messages.GetCodeStatus(ctx, &p)
		return err
	}
	tests := []struct {
		name, op, field, rule string
		call                  func() error
	}{
		{"send nil", opMessage, "MessageParams", "required", func() error { return c.Messages.Send(ctx, nil) }},
		{"send customer", opMessage, "MessageParams.CustomerNo", "required", func() error { return send(func(p *mm.MessageParams) { p.CustomerNo = "" }) }},
		{"send id", opMessage, "MessageParams.CustomerID", "> 0", func() error { return send(func(p *mm.MessageParams) { p.CustomerID = 0 }) }},
		{"send trade type", opMessage, "MessageParams.TradeType", "> 0", func() error { return send(func(p *mm.MessageParams) { p.TradeType = 0 }) }},
		{"send language", opMessage, "MessageParams.Language", "language tag", func() error { return send(func(p *mm.MessageParams) { p.Language = "english" }) }},
		{"send title", opMessage, "MessageParams.Title", "100", func() error {
			return send(func(p *mm.MessageParams) { p.Title = strings.Repeat("é", 101) })
		}},
		{"send no title", opMessage, "MessageParams.Title", "required", func() error { return send(func(p *mm.MessageParams) { p.Title = "" }) }},
		{"send content", opMessage, "MessageParams.Content", "required", func() error { return send(func(p *mm.MessageParams) { p.Content = "" }) }},
		{"send refresh", opMessage, "MessageParams.Refresh", "0..6", func() error { return send(func(p *mm.MessageParams) { p.Refresh = 7 }) }},
		{"status nil", opCodeStatus, "CodeStatusParams", "required", func() error { _, err := c.Messages.GetCodeStatus(ctx, nil); return err }},
		{"status type", opCodeStatus, "CodeStatusParams.Type", "verification types", func() error {
			return status(func(p *mm.CodeStatusParams) { p.Type = "SMS" })
		}},
		{"status to", opCodeStatus, "CodeStatusParams.ToUser", "required", func() error { return status(func(p *mm.CodeStatusParams) { p.ToUser = "" }) }},
		{"status code", opCodeStatus, "CodeStatusParams.Code", "required", func() error { return status(func(p *mm.CodeStatusParams) { p.Code = "" }) }},
		{"status token", opCodeStatus, "CodeStatusParams.SendToken", "required", func() error { return status(func(p *mm.CodeStatusParams) { p.SendToken = "" }) }},
		{"webhook nil", opWebhook, "WebhookParams", "required", func() error { return c.Webhooks.Subscribe(ctx, nil) }},
		{"webhook empty", opWebhook, "WebhookParams.BalanceURL", "required", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{})
		}},
		{"webhook without balance", opWebhook, "WebhookParams.BalanceURL", "required", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{AdjustmentURL: "https://b.example/a", CancelAdjustmentURL: "https://b.example/c"})
		}},
		{"webhook without adjustment", opWebhook, "WebhookParams.AdjustmentURL", "required", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://b.example/b", CancelAdjustmentURL: "https://b.example/c"})
		}},
		{"webhook without cancel", opWebhook, "WebhookParams.CancelAdjustmentURL", "required", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://b.example/b", AdjustmentURL: "https://b.example/a"})
		}},
		{"webhook relative", opWebhook, "WebhookParams.BalanceURL", "absolute", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "/mm/balance", AdjustmentURL: "https://b.example/a", CancelAdjustmentURL: "https://b.example/c"})
		}},
		{"webhook scheme", opWebhook, "WebhookParams.AdjustmentURL", "http(s)", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://b.example/b", AdjustmentURL: "ftp://broker.example/x", CancelAdjustmentURL: "https://b.example/c"})
		}},
		{"webhook user info", opWebhook, "WebhookParams.CancelAdjustmentURL", "user info", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://b.example/a", AdjustmentURL: "https://b.example/a", CancelAdjustmentURL: "https://u:p@b.example/c"})
		}},
		{"webhook no host", opWebhook, "WebhookParams.BalanceURL", "host", func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https:///path", AdjustmentURL: "https://b.example/a", CancelAdjustmentURL: "https://b.example/c"})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkValidation(t, srv, tc.op, tc.field, tc.rule, tc.call()) })
	}
}

// TestWireBodies pins each operation's request body to its schema's JSON
// types (customerId an integer in add, a string in detail; companyId a
// string in the fund operations and an integer in add; page's customerNo
// present as null).
func TestWireBodies(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	bodies := map[string]string{}
	headers := map[string]http.Header{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		op := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		mu.Lock()
		bodies[op], headers[op] = string(b), r.Header.Clone()
		mu.Unlock()
		data := "null"
		switch op {
		case "customer.app.CustomerWebApiService.checkCustomerExist":
			data = "2"
		case "customer.admin.WhiteCustomerAdminApiService.page":
			data = `{"records":[],"total":0}`
		case "customer.admin.WhiteCustomerAdminApiService.detail", opAdjustment, opCodeStatus, opBonus:
			data = `{"id":1}`
		case opAdjust:
			data = `"P1"`
		case opLockOne:
			data = "false"
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"code":"0","msg":"Success","ok":true,"data":`+data+`}`)
	}))
	defer hs.Close()
	c, err := mm.NewClient(mm.WithBaseURL(hs.URL), mm.WithCompanyID("10086"), mm.WithToken("tok"))
	require.NoError(t, err)
	ctx := context.Background()
	calls := []struct {
		op, want string
		call     func() error
	}{
		{"customer.app.CustomerWebApiService.checkCustomerExist", `{"type":2,"loginName":"7700900123","phoneArea":"+44"}`, func() error {
			_, err := c.Customers.Exists(ctx, &mm.ExistsParams{Type: mm.LoginPhone, LoginName: "7700900123", PhoneArea: "+44"})
			return err
		}},
		{"customer.admin.WhiteCustomerAdminApiService.page", `{"customerNo":null,"size":20,"current":1}`, func() error {
			_, err := c.Customers.List(ctx, nil)
			return err
		}},
		{"customer.admin.WhiteCustomerAdminApiService.detail", `{"type":"kyc","id":"189","customerNo":"86000188"}`, func() error {
			_, err := c.Customers.Get(ctx, &mm.CustomerDetailParams{CustomerID: 189, CustomerNo: "86000188", Section: mm.DetailKYC})
			return err
		}},
		{"customer.admin.CustomerGroupAdminApiService.groupList", `{}`, func() error { _, err := c.Customers.ListGroups(ctx, nil); return err }},
		{"customer.admin.CustomerAdminApiService.queryAccountList", `{"customerNo":"86000020","tradeType":1}`, func() error {
			_, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: "86000020", TradeType: 1})
			return err
		}},
		{opRates, `{"companyId":"10086","currencyMap":{"BTC":"USDT"},"type":1}`, func() error {
			_, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT"}, Type: mm.RateDeposit})
			return err
		}},
		{opLock, `{"customerNo":"86000020","tradeType":5,"companyId":"10086","type":3,"lockTime":3600}`, func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86000020", TradeType: 5, Direction: mm.TransferInOut, Duration: 3600e9})
		}},
		{opUnlock, `{"customerNo":"86000020","tradeType":5,"companyId":"10086","type":1}`, func() error {
			return c.Funds.UnlockTransfers(ctx, &mm.TransferLockParams{CustomerNo: "86000020", TradeType: 5, Direction: mm.TransferIn})
		}},
		{opLockOne, `{"customerNo":"86000020","tradeType":5,"companyId":"10086","type":2}`, func() error {
			_, err := c.Funds.IsTransferLocked(ctx, &mm.TransferLockParams{CustomerNo: "86000020", TradeType: 5, Direction: mm.TransferOut})
			return err
		}},
		{opLockAll, `{"customerNo":"86000020","tradeType":5,"companyId":"10086"}`, func() error {
			_, err := c.Funds.ListTransferLocks(ctx, &mm.TransferLockListParams{CustomerNo: "86000020", TradeType: 5})
			return err
		}},
		{opBonus, `{"customerNo":"86000020","tradeType":5,"accountId":"40","companyId":"10086","activityId":"87","currencyBonus":"USDT","bonus":58.1,"activityCustomerNo":"","type":1}`, func() error {
			_, err := c.Bonuses.Issue(ctx, &mm.BonusParams{CustomerNo: "86000020", ActivityID: "87", Currency: "USDT",
				Amount: mm.MustDecimal("58.10"), AccountID: 40})
			return err
		}},
		{opAdjust, `{"customerNo":"86000020","accountId":1000450,"accountCurrency":"USDT","tradeType":1,"businessType":4,"amount":-5,"withdraw":true,"remark":"test"}`, func() error {
			_, err := c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: "86000020", AccountID: 1000450, Currency: "USDT", TradeType: 1,
				Amount: mm.MustDecimal("-5"), Remark: "test"})
			return err
		}},
		{opAdjustment, `{"proposalNo":"P1","companyId":"10086"}`, func() error {
			_, err := c.Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: "P1"})
			return err
		}},
		{opMessage, `{"customerNo":"86000020","tradeType":1,"language":"en-US","content":"HHA","title":"CESHTEST","showType":0,"refreshType":1,"customerId":189,"companyId":10086}`, func() error {
			return c.Messages.Send(ctx, &mm.MessageParams{CustomerNo: "86000020", CustomerID: 189, TradeType: 1, Language: "en-US",
				Title: "CESHTEST", Content: "HHA", Refresh: mm.RefreshPositions})
		}},
		{opCodeStatus, `{"bizType":"SMS_LOGIN_VERIFICATION_CODE","toUser":"4477","code":"1","sendToken":"s"}`, func() error {
			_, err := c.Messages.GetCodeStatus(ctx, &mm.CodeStatusParams{Type: mm.SMSLoginCode, ToUser: "4477", Code: "1", SendToken: "s"})
			return err
		}},
		{opWebhook, `{"queryUserAccountBalanceUrl":"https://b.example/balance","externalSystemAdjustmentUrl":"https://b.example/adjust","cancelExternalSystemAdjustmentUrl":"https://b.example/cancel"}`, func() error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://b.example/balance", AdjustmentURL: "https://b.example/adjust", CancelAdjustmentURL: "https://b.example/cancel"})
		}},
	}
	for _, tc := range calls {
		t.Run(tc.op, func(t *testing.T) {
			err := tc.call()
			require.NoError(t, err)
			mu.Lock()
			got, h := bodies[tc.op], headers[tc.op]
			mu.Unlock()
			require.EqualValues(t, tc.want, got, "body\n got %s\nwant %s", got, tc.want)
			require.True(t, json.Valid([]byte(got)), "not JSON")
			hasToken := h.Get("token") != ""
			wantToken := tc.op != "customer.app.CustomerWebApiService.checkCustomerExist"
			require.EqualValues(t, wantToken, hasToken, "token header sent: %v, want %v", hasToken, wantToken)
		})
	}
}
