package mmtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testClient sends the tests' raw requests on a transport of its own: the
// idle connections of http.DefaultTransport are closed by every
// httptest.Server.Close of a parallel test, which breaks a POST about to
// reuse one.
var testClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// post sends body to the operation (a path below /openapi-b) the way a
// client would, with the full header set (group tradeApi included) minus
// the names in drop, and returns the envelope's code and data.
func post(t *testing.T, s *Server, op, body string, drop ...string) (string, json.RawMessage) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/"+op, strings.NewReader(body))
	h := map[string]string{"trace": "t-" + randomHex(4), "companyId": s.CompanyID, "token": s.Token, "version": "0.0.1",
		"group": "tradeApi", "timestamp": strconv.FormatInt(time.Now().UnixMilli(), 10), "Content-Type": "application/json"}
	for _, d := range drop {
		delete(h, d)
	}
	for k, v := range h {
		req.Header[k] = []string{v}
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Code string          `json:"code"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	return env.Code, env.Data
}

// TestFakeRefusesWhatTheSchemaRefuses sends bodies with missing keys,
// wrong JSON types and missing headers; the fake must refuse each.
func TestFakeRefusesWhatTheSchemaRefuses(t *testing.T) {
	s := NewServer()
	defer s.Close()
	no := s.SeedCustomers(1)
	const (
		page  = "customer.admin.WhiteCustomerAdminApiService.page"
		bonus = "fund.admin.CustomerActivityBonusAdminDubboService.operationBonus"
		adj   = "fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal"
		msg   = "message.admin.PlatFormMessageThirdSendAdminService.add"
		lock  = "fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount"
		exist = "customer.app.CustomerWebApiService.checkCustomerExist"
		hook  = "admin.admin.CompanyWebhookDubboService.subscribe"
	)
	const okHook = `{"queryUserAccountBalanceUrl":"https://b.example/b","externalSystemAdjustmentUrl":"https://b.example/a","cancelExternalSystemAdjustmentUrl":"https://b.example/c"}`
	okBonus := `{"customerNo":"` + no + `","tradeType":5,"companyId":"10086","activityId":"a","currencyBonus":"USDT","bonus":1,"activityCustomerNo":"","type":1}`
	tests := []struct {
		name, op, body, want string
		drop                 []string
	}{
		{"page without customerNo key", page, `{"size":20,"current":1}`, "USCUSTOMER_API_0000501", nil},
		{"page customerNo as number", page, `{"customerNo":86021976}`, "GGATEWAY_CODE_015", nil},
		{"page size as string", page, `{"customerNo":null,"size":"20"}`, "GGATEWAY_CODE_015", nil},
		{"page without token", page, `{"customerNo":null}`, "GGATEWAY_CODE_001", []string{"token"}},
		{"page without companyId", page, `{"customerNo":null}`, "GGATEWAY_CODE_003", []string{"companyId"}},
		{"exists without version", exist, `{"type":1,"loginName":"a@b.co"}`, "GGATEWAY_CODE_009", []string{"version"}},
		{"exists type as string", exist, `{"type":"1","loginName":"a@b.co"}`, "GGATEWAY_CODE_015", nil},
		{"bonus accountId as number", bonus, strings.Replace(okBonus, `"type":1`, `"type":1,"accountId":40`, 1), "GGATEWAY_CODE_015", nil},
		{"bonus companyId as number", bonus, strings.Replace(okBonus, `"10086"`, `10086`, 1), "GGATEWAY_CODE_015", nil},
		{"bonus without activityCustomerNo", bonus, strings.Replace(okBonus, `"activityCustomerNo":"",`, ``, 1), "FS10001", nil},
		{"bonus type 52 (the example)", bonus, strings.Replace(okBonus, `"type":1`, `"type":52`, 1), "FS10002", nil},
		{"bonus amount as string", bonus, strings.Replace(okBonus, `"bonus":1`, `"bonus":"1"`, 1), "GGATEWAY_CODE_015", nil},
		{"adjust accountId as string", adj, `{"customerNo":"` + no + `","accountId":"1","accountCurrency":"USDT","tradeType":1,"businessType":4,"amount":5,"withdraw":true}`, "GGATEWAY_CODE_015", nil},
		{"adjust businessType 3", adj, `{"customerNo":"` + no + `","accountCurrency":"USDT","tradeType":1,"businessType":3,"amount":5,"withdraw":true}`, "FS10002", nil},
		{"adjust withdraw as string", adj, `{"customerNo":"` + no + `","accountCurrency":"USDT","tradeType":1,"businessType":4,"amount":5,"withdraw":"true"}`, "GGATEWAY_CODE_015", nil},
		{"message customerId as string", msg, `{"customerNo":"` + no + `","tradeType":1,"language":"en-US","content":"c","title":"t","showType":0,"customerId":"1000","companyId":10086}`, "GGATEWAY_CODE_015", nil},
		{"message companyId as string", msg, `{"customerNo":"` + no + `","tradeType":1,"language":"en-US","content":"c","title":"t","showType":0,"customerId":1000,"companyId":"10086"}`, "GGATEWAY_CODE_015", nil},
		{"lock without type", lock, `{"customerNo":"` + no + `","tradeType":1,"companyId":"10086"}`, "FS10001", nil},
		{"webhook without cancel URL", hook, `{"queryUserAccountBalanceUrl":"https://b.example/b","externalSystemAdjustmentUrl":"https://b.example/a"}`, "GGATEWAY_CODE_015", nil},
		{"webhook with only the balance URL", hook, `{"queryUserAccountBalanceUrl":"https://b.example/b"}`, "GGATEWAY_CODE_015", nil},
		{"webhook with an empty URL", hook, strings.Replace(okHook, `"https://b.example/a"`, `""`, 1), "GGATEWAY_CODE_015", nil},
		{"webhook URL as number", hook, strings.Replace(okHook, `"https://b.example/c"`, `1`, 1), "GGATEWAY_CODE_015", nil},
		{"lock other company", lock, `{"customerNo":"` + no + `","tradeType":1,"companyId":"1","type":1}`, "GGATEWAY_CODE_019", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, _ := post(t, s, tc.op, tc.body, tc.drop...); code != tc.want {
				t.Fatalf("code %s, want %s", code, tc.want)
			}
		})
	}
	// And the well-formed bodies are accepted.
	if code, _ := post(t, s, bonus, okBonus); code != "FS404" { // seeded customers have no spot account
		t.Fatalf("bonus without a spot account: %s", code)
	}
	okAdj := `{"customerNo":"` + no + `","accountCurrency":"USDT","tradeType":1,"businessType":4,"amount":5.5,"withdraw":true}`
	if code, data := post(t, s, adj, okAdj, "companyId"); code != "0" || !strings.HasPrefix(string(data), `"AP`) {
		t.Fatalf("adjust: %s %s", code, data)
	}
	if bal, _ := s.Balance(no, 1, "USDT"); bal != "5.500000" {
		t.Fatalf("balance after adjusting: %s", bal)
	}
	if code, _ := post(t, s, hook, okHook); code != "0" {
		t.Fatalf("webhook subscription: %s", code)
	}
	if w, _ := s.Webhooks(); w != (WebhookURLs{"https://b.example/b", "https://b.example/a", "https://b.example/c"}) {
		t.Fatalf("subscription %+v", w)
	}
	if code, _ := post(t, s, exist, `{"type":3,"loginName":"`+no+`"}`, "token"); code != "0" {
		t.Fatalf("exists without token: %s", code)
	}
}

func TestSeedCustomersIsCheapAndUnique(t *testing.T) {
	s := NewServer()
	defer s.Close()
	first := s.SeedCustomers(1000)
	second := s.SeedCustomers(1000)
	cs := s.Customers()
	if len(cs) != 2000 || cs[0].CustomerNo != first || cs[1000].CustomerNo != second {
		t.Fatalf("seeded %d, first %s/%s", len(cs), cs[0].CustomerNo, cs[1000].CustomerNo)
	}
	phones := map[string]bool{}
	for _, c := range cs {
		if phones[c.Phone] || len(c.Accounts) != 1 {
			t.Fatalf("customer %+v", c)
		}
		phones[c.Phone] = true
	}
	if bal, ok := s.Balance(first, 1, "USDT"); !ok || bal != "0.000000" {
		t.Fatalf("balance %q %v", bal, ok)
	}
	if !s.SetBalance(first, 1, "USDT", "12.3456789") {
		t.Fatal("SetBalance")
	}
	if bal, _ := s.Balance(first, 1, "USDT"); bal != "12.3456789" {
		t.Fatalf("exact balance %q", bal)
	}
}
