package mmtest

import (
	"sort"
	"strconv"
	"sync"
)

// The trading seed: a customer with open positions, pending orders,
// capital flow and deals, taken from the spec's examples. Customers
// registered in the fake exist for trading too but start with nothing.
const (
	// TradeCustomerID, TradeCustomerNo and TradeCustomerGroupID identify
	// the seeded trading customer (the spec's cancelPboOrder example).
	TradeCustomerID      = 189
	TradeCustomerNo      = "86000188"
	TradeCustomerGroupID = 1
	// TradeCustomerAccountID is the seeded customer's full-position
	// contract account.
	TradeCustomerAccountID = 1004460
	// SeedOpenPositions is the number of open full-position contract
	// positions the seeded customer starts with (trading mode 1), and
	// SeedPendingOrders its pending orders.
	SeedOpenPositions = 25
	SeedPendingOrders = 2
	// SeedCapitalFlows is the number of the seeded customer's capital-flow
	// records (trading mode 1).
	SeedCapitalFlows = 45
	// SeedDealID and SeedOrderID are the deal and order of the spec's deal
	// example (a spot deal of customer 281).
	SeedDealID  = 1512
	SeedOrderID = 1699
)

func init() {
	trade := []string{"companyId", "token", "version", "group"}
	addOp(&opSpec{name: "report.admin.CatsTradeDealService.getTradeDealInfoByDealId", path: "global/report.admin.CatsTradeDealService.getTradeDealInfoByDealId", token: true, handle: (*Server).dealByID})
	addOp(&opSpec{name: "report.admin.CatsTradeDealService.getTradeDealInfoByOrderId", path: "global/report.admin.CatsTradeDealService.getTradeDealInfoByOrderId", token: true, handle: (*Server).dealsByOrder})
	addOp(&opSpec{name: "tradeapi.admin.OrderAdminApiService.cancelPboOrder", headers: []string{"token", "version", "group"}, token: true, handle: (*Server).cancelPending})
	addOp(&opSpec{name: "tradeapi.admin.OrderAdminApiService.forcedOrder", headers: []string{"token", "version", "group"}, token: true, handle: (*Server).forcedOrder})
	addOp(&opSpec{name: "tradeapi.admin.OrderAdminApiService.queryCapitalFlowList", headers: trade, token: true, handle: (*Server).capitalFlow})
	addOp(&opSpec{name: "tradeapi.admin.OrderAdminApiService.queryPositionPage", headers: trade, token: true, handle: (*Server).positionPage})
	addOp(&opSpec{name: "tradeapi.admin.PositionAdminApiService.queryAllPositionPage", token: true, handle: (*Server).allPositionPage})
}

type fakePosition struct {
	id, orderID, dealID   int64
	customerID            int64
	customerNo            string
	groupID               int64
	accountID             int64
	tradeType             int64
	symbolID              int64
	symbolName            string
	direction             int64
	status                int
	openPrice, closePrice string
	volume                string
	openTime, closeTime   int64
	profit                string
}

func (p *fakePosition) wire(companyID string) map[string]any {
	cid, _ := strconv.ParseInt(companyID, 10, 64)
	closeNum, closeVolume := any(0), any(0)
	if p.status == 2 {
		closeNum, closeVolume = 1, p.volume
	}
	return map[string]any{
		"symbolId": p.symbolID, "bizType": 12, "orderId": p.orderID, "dealId": p.dealID, "openPrice": p.openPrice,
		"remark": nil, "takeProfitDecimal": "0.000", "closeNum": closeNum, "closeFee": "0.0000", "takeProfit": "0",
		"closeVolume": closeVolume, "customerId": p.customerID, "closeTime": p.closeTime, "openVolume": 0.01,
		"symbolName": p.symbolName, "closeAccountDigits": 4, "openTime": p.openTime, "tradeType": p.tradeType,
		"direction": p.direction, "openContractSize": 100, "openMargin": "0.0500", "openNum": 1, "closeSymbolDigits": 3,
		"openFee": "0.0000", "stopLossDecimal": "0.000", "volume": 0.01, "openSymbolDigits": 3, "accountId": p.accountID,
		"companyId": cid, "positionId": p.id, "closeFreeDigits": nil, "stopLoss": "0", "marginSetType": "1",
		"openAccountDigits": 4, "closePrice": p.closePrice, "customerNo": p.customerNo, "status": strconv.Itoa(p.status),
		"profit": p.profit,
	}
}

type fakeFlow struct {
	id, accountID, customerID int64
	customerNo                string
	tradeType                 int64
	businessType, subtype     int64
	amountIn, amountOut       string
	amountAfter               string
	status                    int64
	createTime                int64
	orderID, dealID           int64
	currency                  string
}

func (f *fakeFlow) wire(lang string) map[string]any {
	name, subName := "交易", "手动强平盈亏"
	if lang == "en_US" {
		name, subName = "Trade", "Manual Forced Closing Profit and Loss"
	}
	if f.businessType == 1 {
		name, subName = "入金", "前端入金"
		if lang == "en_US" {
			name, subName = "Deposit", "Front-end Deposit"
		}
	}
	return map[string]any{
		"remark": nil, "createTime": f.createTime, "updateTime": f.createTime, "subjectId": 1, "bookkeepId": f.id,
		"amountIn": f.amountIn, "amountOut": f.amountOut, "status": f.status, "amountAfter": f.amountAfter,
		"businessType": f.businessType, "businessType1": f.subtype, "customerNo": f.customerNo, "digits": "4",
		"currency": f.currency, "businessTypeName": name, "businessType1Name": subName, "accountId": f.accountID,
		"orderId": f.orderID, "dealId": f.dealID,
	}
}

// tradeState is the fake's trading data. It lives beside the customer state
// (one per Server, made on first use) and has its own mutex.
type tradeState struct {
	mu        sync.Mutex
	positions []*fakePosition
	flows     []*fakeFlow
	pending   map[[2]int64][]string // (customerId, tradeType) → pending order keys
	deals     []map[string]any
	nextID    int64
}

var tradeStates sync.Map // *Server → *tradeState

func (s *Server) trade() *tradeState {
	if v, ok := tradeStates.Load(s); ok {
		return v.(*tradeState)
	}
	v, _ := tradeStates.LoadOrStore(s, newTradeState())
	return v.(*tradeState)
}

const seedTime = 1704865586698 // 2024-01-10, the spec example's openTime

func newTradeState() *tradeState {
	ts := &tradeState{pending: map[[2]int64][]string{}, nextID: 30000000}
	for i := 0; i < SeedOpenPositions; i++ {
		ts.positions = append(ts.positions, &fakePosition{
			id: 2024011001000 + int64(i), orderID: 28110700 + int64(i), dealID: 101434900 + int64(i),
			customerID: TradeCustomerID, customerNo: TradeCustomerNo, groupID: TradeCustomerGroupID, accountID: TradeCustomerAccountID,
			tradeType: 1, symbolID: 1352, symbolName: "GOLD-MM", direction: int64(1 + i%2), status: 1,
			openPrice: "2027." + strconv.Itoa(100+i*7), closePrice: "0.0000", volume: "0.01", openTime: seedTime - int64(i)*60_000,
		})
	}
	// One closed position: not "open", still listed.
	ts.positions = append(ts.positions, &fakePosition{
		id: 2023091377112, orderID: 22270984, dealID: 97686694, customerID: TradeCustomerID, customerNo: TradeCustomerNo,
		groupID: TradeCustomerGroupID, accountID: TradeCustomerAccountID, tradeType: 1, symbolID: 1352, symbolName: "GOLD-MM",
		direction: 1, status: 2, openPrice: "1911.980", closePrice: "1920.110", volume: "0.5", openTime: 1694592867404, closeTime: 1694600000000,
		profit: "4.0650",
	})
	ts.pending[[2]int64{TradeCustomerID, 1}] = []string{"CATS:PROORDER:1_1557311743581831168", "CATS:PROORDER:1_1557311743581831169"}
	for i := 0; i < SeedCapitalFlows; i++ {
		f := &fakeFlow{id: 5000 + int64(i), accountID: TradeCustomerAccountID, customerID: TradeCustomerID, customerNo: TradeCustomerNo,
			tradeType: 1, businessType: 6, subtype: 6004, amountIn: "1.2500", amountOut: "0", amountAfter: strconv.Itoa(1000+i) + ".2500",
			status: 2, createTime: seedTime - int64(i)*3_600_000, currency: "USDT", orderID: 28110700 + int64(i), dealID: 101434900 + int64(i)}
		if i%5 == 0 {
			f.businessType, f.subtype, f.orderID, f.dealID = 1, 1001, 0, 0
		}
		ts.flows = append(ts.flows, f)
	}
	ts.deals = []map[string]any{{
		"orderId": SeedOrderID, "fee": 46768, "accountCurrency": nil, "accountDigits": 4, "symbolName": "BTC/USDT",
		"convertFee": 199998, "executeMargin": nil, "pnl": nil, "accountId": TradeCustomerAccountID, "companyId": 463,
		"executePrice": 4276400, "currentTradeAmount": 10000000, "customerGroupId": 1, "symbolId": 706, "bizType": 12,
		"dealId": SeedDealID, "orderStatus": nil, "remark": nil, "baseCurrency": "BTC", "convertFeeDigits": 4,
		"customerId": 281, "tradeType": 5, "direction": 1, "convertExchangeRate": 42763.99, "updateTime": int64(1705567915141),
		"symbolCode": nil, "positionId": nil, "createTime": int64(1705567915141), "executeNum": 0.02338415, "digits": 2,
		"feeDigits": 8, "customerNo": "86000280", "executeTime": int64(1705567918138), "orderInCurrency": "BTC",
	}}
	return ts
}

// knownCustomer reports whether (id, no, group) is the seeded trading
// customer or a customer registered in the fake.
func (s *Server) knownCustomer(id int64, no string, group int64) bool {
	if id == TradeCustomerID && no == TradeCustomerNo && group == TradeCustomerGroupID {
		return true
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c, ok := s.state.byNo[no]
	return ok && c.ID == id && c.GroupID == group
}

// dealByID: dealId (integer, required). An unknown deal answers success
// with null data.
func (s *Server) dealByID(r *request) (any, *apiError) {
	id, _, e := r.integer("dealId", true)
	if e != nil {
		return nil, e
	}
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, d := range ts.deals {
		if toInt64(d["dealId"]) == id {
			return d, nil
		}
	}
	return nil, nil
}

// dealsByOrder: orderId and tradeType (integers, required); answers the
// schema's list.
func (s *Server) dealsByOrder(r *request) (any, *apiError) {
	id, _, e := r.integer("orderId", true)
	if e != nil {
		return nil, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return nil, e
	}
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := []map[string]any{}
	for _, d := range ts.deals {
		if toInt64(d["orderId"]) == id && toInt64(d["tradeType"]) == tt {
			out = append(out, d)
		}
	}
	return out, nil
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	}
	return -1
}

// customerTradeFields reads cancelPboOrder's and forcedOrder's four
// required fields: tradeType, customerId, customerGroupId (integers) and
// customerNo (string), and checks the customer exists.
func (s *Server) customerTradeFields(r *request) (tt, id int64, e *apiError) {
	if tt, _, e = r.integer("tradeType", true); e != nil {
		return
	}
	no, e := r.str("customerNo", true)
	if e != nil {
		return
	}
	if id, _, e = r.integer("customerId", true); e != nil {
		return
	}
	group, _, e := r.integer("customerGroupId", true)
	if e != nil {
		return
	}
	if !s.knownCustomer(id, no, group) {
		return 0, 0, errCode("USCUSTOMER_API_0000003")
	}
	return tt, id, nil
}

// cancelPending cancels the customer's pending orders in the trading mode
// and answers their keys; a second call finds nothing left to cancel.
func (s *Server) cancelPending(r *request) (any, *apiError) {
	tt, id, e := s.customerTradeFields(r)
	if e != nil {
		return nil, e
	}
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	k := [2]int64{id, tt}
	keys := ts.pending[k]
	delete(ts.pending, k)
	if keys == nil {
		keys = []string{}
	}
	return keys, nil
}

// forcedOrder closes the customer's open positions in the trading mode at
// a fixed price, records the closing deals and capital flow, and answers
// the closing orders: one object when one position closed (as in the
// spec's example), a list otherwise (empty when none was open).
func (s *Server) forcedOrder(r *request) (any, *apiError) {
	tt, id, e := s.customerTradeFields(r)
	if e != nil {
		return nil, e
	}
	now := s.clock().UnixMilli()
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := []map[string]any{}
	for _, p := range ts.positions {
		if p.customerID != id || p.tradeType != tt || p.status != 1 {
			continue
		}
		ts.nextID++
		p.status, p.closeTime, p.closePrice, p.profit = 2, now, "2030.000", "-1.050000"
		out = append(out, map[string]any{
			"tradeVolume": p.volume, "symbolId": p.symbolID, "orderId": ts.nextID, "fee": "-16.980600", "openOrClose": 2,
			"openPrice": p.openPrice, "takeProfit": nil, "positionId": p.id, "interest": "0.000000", "openDirection": p.direction,
			"stopLoss": nil, "executePrice": p.closePrice, "digits": 2, "symbolName": p.symbolName, "profit": p.profit,
			"direction": 3 - p.direction,
		})
		ts.flows = append(ts.flows, &fakeFlow{id: ts.nextID, accountID: p.accountID, customerID: p.customerID, customerNo: p.customerNo,
			tradeType: tt, businessType: 6, subtype: 6009, amountIn: "0", amountOut: "1.0500", amountAfter: "0", status: 2,
			createTime: now, orderID: ts.nextID, currency: "USDT"})
	}
	delete(ts.pending, [2]int64{id, tt}) // closing everything also drops pending orders
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

// pageArgs reads size and current (integers, optional; defaults 20 and 1).
func pageArgs(r *request) (size, current int64, e *apiError) {
	size, has, e := r.integer("size", false)
	if e != nil {
		return
	}
	if !has || size <= 0 {
		size = 20
	}
	current, has, e = r.integer("current", false)
	if e != nil {
		return
	}
	if !has || current <= 0 {
		current = 1
	}
	return size, current, nil
}

func pageSlice[T any](all []T, size, current int64) []T {
	from := (current - 1) * size
	if from >= int64(len(all)) {
		return []T{}
	}
	to := from + size
	if to > int64(len(all)) {
		to = int64(len(all))
	}
	return all[from:to]
}

// intNumber reads a JSON number field that must be integral (IDs the spec
// types as "number").
func intNumber(r *request, name string) (int64, *apiError) {
	v, has, e := r.number(name, false)
	if e != nil || !has {
		return 0, e
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errCode("GGATEWAY_CODE_015")
	}
	return n, nil
}

// capitalFlow: customerId, customerGroupId, customerNo (strings) and
// tradeType (integer) required; filters with the schema's types; answers
// {total, size, current, records}.
func (s *Server) capitalFlow(r *request) (any, *apiError) {
	cids, e := r.str("customerId", true)
	if e != nil {
		return nil, e
	}
	if _, e := r.str("customerGroupId", true); e != nil {
		return nil, e
	}
	no, e := r.str("customerNo", true)
	if e != nil {
		return nil, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return nil, e
	}
	cid, e := digitsOnly(cids)
	if e != nil {
		return nil, e
	}
	var f struct {
		account, bizType, assets, start, end, status, operate int64
		currency, lang                                        string
	}
	for _, n := range []struct {
		name string
		dst  *int64
	}{{"accountId", &f.account}, {"businessType", &f.bizType}, {"assetsId", &f.assets}, {"startTime", &f.start}, {"endTime", &f.end}} {
		if *n.dst, e = intNumber(r, n.name); e != nil {
			return nil, e
		}
	}
	if f.status, _, e = r.integer("status", false); e != nil {
		return nil, e
	}
	if f.operate, _, e = r.integer("operate", false); e != nil {
		return nil, e
	}
	if f.currency, e = r.str("accountCurrency", false); e != nil {
		return nil, e
	}
	if f.lang, e = r.str("lang", false); e != nil {
		return nil, e
	}
	size, current, e := pageArgs(r)
	if e != nil {
		return nil, e
	}
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var match []*fakeFlow
	for _, fl := range ts.flows {
		switch {
		case fl.customerID != cid || fl.customerNo != no || fl.tradeType != tt,
			f.account != 0 && fl.accountID != f.account,
			f.currency != "" && fl.currency != f.currency,
			f.bizType != 0 && fl.businessType != f.bizType,
			f.status != 0 && fl.status != f.status,
			f.operate == 1 && fl.amountIn == "0", f.operate == 2 && fl.amountOut == "0",
			f.start != 0 && fl.createTime < f.start, f.end != 0 && fl.createTime > f.end:
			continue
		}
		match = append(match, fl)
	}
	sort.SliceStable(match, func(i, j int) bool { return match[i].createTime > match[j].createTime })
	records := []map[string]any{}
	for _, fl := range pageSlice(match, size, current) {
		records = append(records, fl.wire(f.lang))
	}
	return map[string]any{"total": len(match), "size": size, "current": current, "records": records}, nil
}

// positionFilter is what both position lists filter by.
type positionFilter struct {
	tradeType, group, customer, account, symbol, order, direction, start, end int64
	customerNo, sortField, sortType                                           string
}

func (f *positionFilter) match(p *fakePosition) bool {
	switch {
	case p.tradeType != f.tradeType,
		f.group != 0 && p.groupID != f.group, f.customer != 0 && p.customerID != f.customer,
		f.customerNo != "" && p.customerNo != f.customerNo, f.account != 0 && p.accountID != f.account,
		f.symbol != 0 && p.symbolID != f.symbol, f.order != 0 && p.orderID != f.order,
		f.direction != 0 && p.direction != f.direction,
		f.start != 0 && p.openTime < f.start, f.end != 0 && p.openTime > f.end:
		return false
	}
	return true
}

func (f *positionFilter) sortKey(p *fakePosition) int64 {
	switch f.sortField {
	case "orderId":
		return p.orderID
	case "openTime":
		return p.openTime
	case "symbolId":
		return p.symbolID
	}
	return p.id
}

// sortStrings reads sortFieldName and sortType, refusing undocumented values.
func (f *positionFilter) sortStrings(r *request, fields ...string) *apiError {
	var e *apiError
	if f.sortField, e = r.str("sortFieldName", false); e != nil {
		return e
	}
	if f.sortType, e = r.str("sortType", false); e != nil {
		return e
	}
	ok := f.sortField == ""
	for _, v := range fields {
		ok = ok || v == f.sortField
	}
	if !ok || (f.sortType != "" && f.sortType != "asc" && f.sortType != "desc") {
		return errCode("GGATEWAY_CODE_015")
	}
	for _, name := range []string{"querySource", "thirdPartyOrder"} {
		if _, e := r.str(name, false); e != nil {
			return e
		}
	}
	return nil
}

func (s *Server) listPositions(f *positionFilter, size, current int64) ([]map[string]any, int) {
	ts := s.trade()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var match []*fakePosition
	for _, p := range ts.positions {
		if f.match(p) {
			match = append(match, p)
		}
	}
	sort.SliceStable(match, func(i, j int) bool {
		a, b := f.sortKey(match[i]), f.sortKey(match[j])
		if f.sortType == "asc" {
			return a < b
		}
		return a > b
	})
	out := []map[string]any{}
	for _, p := range pageSlice(match, size, current) {
		out = append(out, p.wire(s.CompanyID))
	}
	return out, len(match)
}

// positionPage: tradeType, customerGroupId and customerId (integers)
// required; accountId and symbolId numbers. Answers the schema's bare list.
func (s *Server) positionPage(r *request) (any, *apiError) {
	var f positionFilter
	var e *apiError
	if f.tradeType, _, e = r.integer("tradeType", true); e != nil {
		return nil, e
	}
	if f.group, _, e = r.integer("customerGroupId", true); e != nil {
		return nil, e
	}
	if f.customer, _, e = r.integer("customerId", true); e != nil {
		return nil, e
	}
	if f.customerNo, e = r.str("customerNo", false); e != nil {
		return nil, e
	}
	if f.account, e = intNumber(r, "accountId"); e != nil {
		return nil, e
	}
	if f.symbol, e = intNumber(r, "symbolId"); e != nil {
		return nil, e
	}
	if e := f.sortStrings(r, "orderId", "openTime", "symbolId", "pnl"); e != nil {
		return nil, e
	}
	if f.sortField == "" {
		f.sortField = "openTime"
	}
	size, current, e := pageArgs(r)
	if e != nil {
		return nil, e
	}
	out, _ := s.listPositions(&f, size, current)
	return out, nil
}

// allPositionPage: tradeType (integer) required; every other filter an
// integer. Answers {total, current, size, records}.
func (s *Server) allPositionPage(r *request) (any, *apiError) {
	var f positionFilter
	var e *apiError
	if f.tradeType, _, e = r.integer("tradeType", true); e != nil {
		return nil, e
	}
	for _, n := range []struct {
		name string
		dst  *int64
	}{{"customerGroupId", &f.group}, {"customerId", &f.customer}, {"accountId", &f.account}, {"symbolId", &f.symbol},
		{"orderId", &f.order}, {"direction", &f.direction}, {"startTime", &f.start}, {"endTime", &f.end}} {
		if *n.dst, _, e = r.integer(n.name, false); e != nil {
			return nil, e
		}
	}
	if f.direction != 0 && f.direction != 1 && f.direction != 2 {
		return map[string]any{"total": 0, "current": 1, "size": 20, "records": []any{}}, nil // documented: other values find nothing
	}
	if f.customerNo, e = r.str("customerNo", false); e != nil {
		return nil, e
	}
	if e := f.sortStrings(r, "id", "orderId", "openTime", "symbolId"); e != nil {
		return nil, e
	}
	size, current, e := pageArgs(r)
	if e != nil {
		return nil, e
	}
	out, total := s.listPositions(&f, size, current)
	return map[string]any{"total": total, "current": current, "size": size, "records": out}, nil
}
