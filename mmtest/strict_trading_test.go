package mmtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestStrictRequests checks that the fake refuses what the spec does not
// allow: wrong JSON types, missing required fields and headers.
func TestStrictRequests(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	cust := `"tradeType":1,"customerNo":"86000188","customerId":189,"customerGroupId":1`
	tests := []struct {
		name, path, body string
		drop             []string
		want             string
	}{
		{"group products: tradeType must be a string", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId",
			`{"companyId":"10086","tradeType":1,"customerGroupId":"1"}`, nil, "GGATEWAY_CODE_015"},
		{"group products: customerGroupId required", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId",
			`{"companyId":"10086","tradeType":"1"}`, nil, "GGATEWAY_CODE_015"},
		{"group products: token header required", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId",
			`{"companyId":"10086","tradeType":"1","customerGroupId":"1"}`, []string{"token"}, "GGATEWAY_CODE_001"},
		{"symbol list: customerGroupId must be a number", "config.admin.AdminSymbolDubboService.getSymbolList", `{"customerGroupId":"1"}`, nil, "GGATEWAY_CODE_015"},
		{"symbol details: companyId must be a string", "config.admin.AdminSymbolDubboService.getSymbolByCompanyId", `{"companyId":10086}`, nil, "GGATEWAY_CODE_015"},
		{"funds: companyId header required", "config.admin.AdminSymbolDubboService.getFundByCompanyId", `{"companyId":"10086"}`, []string{"companyId"}, "GGATEWAY_CODE_003"},
		{"dictionary: parentCode required", "config.admin.AdminDictDubboService.getListByParentCode", `{}`, nil, "GGATEWAY_CODE_015"},
		{"countries: parentCode must be a string", "config.admin.AdminDictDubboService.getCountryListByParentCode", `{"parentCode":-1}`, nil, "GGATEWAY_CODE_015"},
		{"deal: dealId must be an integer", "global/report.admin.CatsTradeDealService.getTradeDealInfoByDealId", `{"dealId":"1512"}`, nil, "GGATEWAY_CODE_015"},
		{"deals: tradeType required", "global/report.admin.CatsTradeDealService.getTradeDealInfoByOrderId", `{"orderId":1699}`, nil, "GGATEWAY_CODE_015"},
		{"cancel: group header required", "tradeapi.admin.OrderAdminApiService.cancelPboOrder", `{` + cust + `}`, []string{"group"}, "GGATEWAY_CODE_009"},
		{"cancel: customerId must be an integer", "tradeapi.admin.OrderAdminApiService.cancelPboOrder",
			`{"tradeType":1,"customerNo":"86000188","customerId":"189","customerGroupId":1}`, nil, "GGATEWAY_CODE_015"},
		{"forced close: version header required", "tradeapi.admin.OrderAdminApiService.forcedOrder", `{` + cust + `}`, []string{"version"}, "GGATEWAY_CODE_009"},
		{"capital flow: customerId must be a string", "tradeapi.admin.OrderAdminApiService.queryCapitalFlowList",
			`{"tradeType":1,"customerNo":"86000188","customerId":189,"customerGroupId":"1"}`, nil, "GGATEWAY_CODE_015"},
		{"positions: customerGroupId must be an integer", "tradeapi.admin.OrderAdminApiService.queryPositionPage",
			`{"tradeType":1,"customerId":189,"customerGroupId":"1"}`, nil, "GGATEWAY_CODE_015"},
		{"positions: undocumented sort field", "tradeapi.admin.OrderAdminApiService.queryPositionPage",
			`{"tradeType":1,"customerId":189,"customerGroupId":1,"sortFieldName":"id"}`, nil, "GGATEWAY_CODE_015"},
		{"company positions: tradeType required", "tradeapi.admin.PositionAdminApiService.queryAllPositionPage", `{}`, nil, "GGATEWAY_CODE_015"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _ := post(t, srv, tt.path, tt.body, tt.drop...); code != tt.want {
				t.Fatalf("code %s, want %s", code, tt.want)
			}
		})
	}
	// The spec example's own body is accepted where it matches its schema.
	if code, data := post(t, srv, "tradeapi.admin.OrderAdminApiService.cancelPboOrder", `{`+cust+`}`); code != "0" || !strings.Contains(string(data), "CATS:PROORDER") {
		t.Fatalf("cancel: %s %s", code, data)
	}
}

func TestMarketAdmission(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	get := func(path string, q url.Values, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/"+path+"?"+q.Encode(), strings.NewReader(body))
		resp, err := testClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var env struct {
			Ret   int    `json:"ret"`
			Trace string `json:"trace"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
			t.Fatal(err)
		}
		return env.Ret, env.Trace
	}
	ok := url.Values{"token": {srv.Token}, "query": {`{"trace":"q1","data":{"symbol_list":[{"code":"GBPJPY"}]}}`}}
	if ret, trace := get("quote-b-api/depth-tick", ok, ""); ret != 200 || trace != "q1" {
		t.Fatalf("ret %d trace %q", ret, trace)
	}
	for name, q := range map[string]url.Values{
		"no token":      {"query": ok["query"]},
		"no query":      {"token": {srv.Token}},
		"code a number": {"token": {srv.Token}, "query": {`{"trace":"q","data":{"symbol_list":[{"code":1}]}}`}},
	} {
		if ret, _ := get("quote-stock-b-api/trade-tick", q, ""); ret != 400 {
			t.Errorf("%s: ret %d", name, ret)
		}
	}
	tok := url.Values{"token": {srv.Token}}
	item := `{"code":"EURJPY","kline_type":1,"kline_timestamp_end":0,"query_kline_num":2,"adjust_type":0}`
	if ret, trace := get("quote-b-api/batch-kline", tok, `{"trace":"b1","data":{"data_list":[`+item+`]}}`); ret != 200 || trace != "b1" {
		t.Fatalf("batch: ret %d trace %q", ret, trace)
	}
	for name, body := range map[string]string{
		"no body":        "",
		"no trace":       `{"data":{"data_list":[` + item + `]}}`,
		"missing field":  `{"trace":"b","data":{"data_list":[{"code":"EURJPY","kline_type":1,"query_kline_num":2,"adjust_type":0}]}}`,
		"num too large":  `{"trace":"b","data":{"data_list":[{"code":"EURJPY","kline_type":1,"kline_timestamp_end":0,"query_kline_num":1001,"adjust_type":0}]}}`,
		"type as string": `{"trace":"b","data":{"data_list":[{"code":"EURJPY","kline_type":"1","kline_timestamp_end":0,"query_kline_num":2,"adjust_type":0}]}}`,
	} {
		if ret, _ := get("quote-stock-b-api/batch-kline", tok, body); ret != 400 {
			t.Errorf("batch %s: ret %d", name, ret)
		}
	}
}
