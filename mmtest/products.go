package mmtest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Products and product groups come from the spec's examples (trimmed), so
// answers have the field types the vendor's server sends, including where
// they contradict the schema (customerGroupId as a string next to
// tradeType as a number).

func init() {
	std := []string{"companyId", "token"}
	addOp(&opSpec{name: "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", headers: std, token: true, handle: (*Server).symbolTradeTypes})
	addOp(&opSpec{name: "config.admin.AdminSymbolDubboService.getSymbolList", headers: std, token: true, handle: (*Server).symbolList})
	addOp(&opSpec{name: "config.admin.AdminSymbolDubboService.getSymbolGroupList", headers: std, token: true, handle: (*Server).symbolGroupList})
	addOp(&opSpec{name: "config.admin.AdminSymbolDubboService.getSymbolByCompanyId", headers: std, token: true, handle: (*Server).symbolDetails})
	addOp(&opSpec{name: "config.admin.AdminSymbolDubboService.getFundByCompanyId", headers: std, token: true, handle: (*Server).fundList})
}

// fakeSymbol is a product the fake lists.
type fakeSymbol struct {
	id                   int64
	code, name           string
	base, profit, source string
	tradeTypes           []int64
	groups               []int64
	symbolGroup          string
	digits               int
}

var fakeSymbols = []fakeSymbol{
	{id: 695, code: "BINAN_ATOM_USDT", name: "BINAN_ATOM_USDT", base: "ATOM", profit: "USDT", source: "CA_BINANCE_SPOT_ATOM_USDT", tradeTypes: []int64{1, 5}, groups: []int64{1, 2, 3}, symbolGroup: "109", digits: 3},
	{id: 706, code: "BTCUSDT", name: "BTC/USDT", base: "BTC", profit: "USDT", source: "CA_BINANCE_SPOT_BTC_USDT", tradeTypes: []int64{1, 2, 5}, groups: []int64{1, 2}, symbolGroup: "109", digits: 2},
	{id: 1352, code: "GOLD-MM", name: "GOLD-MM", base: "XAU", profit: "USDT", source: "CA_GOLD", tradeTypes: []int64{1, 2}, groups: []int64{1}, symbolGroup: "118", digits: 3},
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// companyField reads the body's companyId (a string) and refuses another
// company's.
func (s *Server) companyField(r *request, required bool) *apiError {
	cid, e := r.str("companyId", required)
	if e != nil {
		return e
	}
	if cid != "" && cid != s.CompanyID {
		return errCode("GGATEWAY_CODE_019")
	}
	return nil
}

// digitsOnly parses a string field that must hold a decimal integer.
func digitsOnly(v string) (int64, *apiError) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, errCode("GGATEWAY_CODE_015")
	}
	return n, nil
}

// symbolTradeTypes: companyId, tradeType and customerGroupId, all strings.
func (s *Server) symbolTradeTypes(r *request) (any, *apiError) {
	if e := s.companyField(r, true); e != nil {
		return nil, e
	}
	tts, e := r.str("tradeType", true)
	if e != nil {
		return nil, e
	}
	gs, e := r.str("customerGroupId", true)
	if e != nil {
		return nil, e
	}
	tt, e := digitsOnly(tts)
	if e != nil {
		return nil, e
	}
	g, e := digitsOnly(gs)
	if e != nil {
		return nil, e
	}
	names := map[int64]string{1: "Contract full position", 2: "Contract single position", 5: "Spot"}
	out := []map[string]any{}
	for _, sym := range fakeSymbols {
		if containsID(sym.tradeTypes, tt) && containsID(sym.groups, g) {
			out = append(out, map[string]any{
				"customerGroupId": gs, "symbolCode": sym.code, "symbolId": sym.id,
				"tradeTypeName": names[tt], "symbolName": sym.name, "tradeType": tt,
			})
		}
	}
	return out, nil
}

// symbolList: customerGroupId a number (required), name a search string.
func (s *Server) symbolList(r *request) (any, *apiError) {
	gs, _, e := r.number("customerGroupId", true)
	if e != nil {
		return nil, e
	}
	g, err := strconv.ParseInt(gs, 10, 64)
	if err != nil {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	name, e := r.str("name", false)
	if e != nil {
		return nil, e
	}
	out := []map[string]any{}
	for _, sym := range fakeSymbols {
		if !containsID(sym.groups, g) || (name != "" && !strings.Contains(strings.ToUpper(sym.name), strings.ToUpper(name))) {
			continue
		}
		out = append(out, map[string]any{
			"sourceId": sym.source, "code": sym.code, "etf": false, "tradeTypes": joinIDs(sym.tradeTypes),
			"name": sym.name, "profitCurrency": sym.profit, "id": sym.id, "baseCurrency": sym.base, "status": 1,
		})
	}
	return out, nil
}

const symbolGroupsJSON = `[
 {"companyId":360,"createBy":"admin","createTime":1639809358108,"updateBy":"admin","bizName":"SYMBOL_GROUP","strId":"109","name":"bethy","updateTime":1639809358108,"id":109,"status":1,"revision":0},
 {"companyId":360,"createBy":"admin","createTime":1639809358108,"updateBy":"admin","bizName":"SYMBOL_GROUP","strId":"118","name":"metals","updateTime":1639809358108,"id":118,"status":2,"revision":0}
]`

// symbolGroupList: the body has no fields.
func (s *Server) symbolGroupList(r *request) (any, *apiError) {
	return json.RawMessage(symbolGroupsJSON), nil
}

// symbolDetails: companyId (string, required), tradeType (integer), trace
// (string).
func (s *Server) symbolDetails(r *request) (any, *apiError) {
	if e := s.companyField(r, true); e != nil {
		return nil, e
	}
	tt, has, e := r.integer("tradeType", false)
	if e != nil {
		return nil, e
	}
	if _, e := r.str("trace", false); e != nil {
		return nil, e
	}
	out := []map[string]any{}
	for _, sym := range fakeSymbols {
		for _, t := range sym.tradeTypes {
			if has && tt != 0 && t != tt {
				continue
			}
			out = append(out, map[string]any{
				"symbolId": sym.id, "pointRatio": 0, "customerGroupIds": joinIDs(sym.groups), "dealMode": 1,
				"baseCurrency": sym.base, "bidSpread": "0", "labels": nil, "enableShortLoan": 0, "symbolGroupIds": sym.symbolGroup,
				"symbolCode": sym.code, "fundId": nil, "etf": false, "enableLongLoan": 0, "dividend": 0, "profitCurrency": sym.profit,
				"symbolName": sym.name, "sortNum": 0, "symbolDigits": sym.digits, "askSpread": "0.5", "tradeType": t,
				"inHolidayTime": 0, "inTradeTime": 1,
				"holidayTimeList": []map[string]any{{"startTime": int64(1703462400000), "endTime": int64(1703548800000)}},
				"tradeTimeList":   []map[string]any{{"dayOfWeek": 1, "startTime": 0, "endTime": 86399}, {"dayOfWeek": 7, "startTime": 3600, "endTime": 7200}},
			})
		}
	}
	return out, nil
}

// fundList: companyId (string, required).
func (s *Server) fundList(r *request) (any, *apiError) {
	if e := s.companyField(r, true); e != nil {
		return nil, e
	}
	if _, e := r.str("trace", false); e != nil {
		return nil, e
	}
	return []map[string]any{
		{"shareTokenCode": "V10", "fundId": 80, "customerGroupIds": "1,2,11,12", "fundName": "V10 Index Fund111"},
	}, nil
}
