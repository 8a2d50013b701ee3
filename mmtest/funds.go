package mmtest

import (
	"bytes"
	"encoding/json"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// fundState is the money side of the fake: balances per account and
// currency as exact rationals (never floats), transfer locks, the bonus
// activity IDs already used, adjustment proposals, sent messages,
// verification codes and the webhook subscription. It lives in state and is
// guarded by state.mu.
type fundState struct {
	balances   map[balanceKey]*big.Rat
	locks      map[lockKey]time.Time // expiry; zero: until unlocked
	activities map[string]bool
	proposals  map[string]*proposal
	nextProp   int64
	messages   []Message
	codes      map[string]*verificationCode // by send token
	webhook    *WebhookURLs
}

type balanceKey struct {
	account  int64
	currency string
}

type lockKey struct {
	customerNo string
	tradeType  int64
	direction  int64 // 1 in, 2 out
}

func (f *fundState) init() {
	f.balances = map[balanceKey]*big.Rat{}
	f.locks = map[lockKey]time.Time{}
	f.activities = map[string]bool{}
	f.proposals = map[string]*proposal{}
	f.codes = map[string]*verificationCode{}
	f.nextProp = 1
}

func (f *fundState) balance(acct int64, cur string) *big.Rat {
	if b := f.balances[balanceKey{acct, cur}]; b != nil {
		return b
	}
	return new(big.Rat)
}

// currencies returns the currencies an account holds, its own first.
func (f *fundState) currencies(a *Account) []string {
	out := []string{a.Currency}
	var extra []string
	for k := range f.balances {
		if k.account == a.ID && k.currency != a.Currency {
			extra = append(extra, k.currency)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// locked reports whether transfers in direction (1 in, 2 out, 3 both) are
// locked at now.
func (f *fundState) locked(customerNo string, tradeType, direction int64, now time.Time) bool {
	one := func(d int64) bool {
		exp, ok := f.locks[lockKey{customerNo, tradeType, d}]
		return ok && (exp.IsZero() || now.Before(exp))
	}
	if direction == 3 {
		return one(1) && one(2)
	}
	return one(direction)
}

// Balance returns the balance of the customer's account of the trading mode
// in the currency, as an exact decimal string, and false when the customer
// has no such account.
func (s *Server) Balance(customerNo string, tradeType int, currency string) (string, bool) {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[customerNo]
	if c == nil {
		return "", false
	}
	for _, a := range c.Accounts {
		if a.TradeType == tradeType {
			return ratString(st.fx.balance(a.ID, currency)), true
		}
	}
	return "", false
}

// SetBalance sets the balance of the customer's account of the trading mode
// in the currency to amount (a decimal such as "100.50"), e.g. to prepare a
// test. It reports false for an unknown customer, account or amount.
func (s *Server) SetBalance(customerNo string, tradeType int, currency, amount string) bool {
	r, ok := new(big.Rat).SetString(amount)
	if !ok {
		return false
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[customerNo]
	if c == nil {
		return false
	}
	for _, a := range c.Accounts {
		if a.TradeType == tradeType {
			st.fx.balances[balanceKey{a.ID, currency}] = r
			return true
		}
	}
	return false
}

// TransferLocked reports whether the customer's transfers of the trading
// mode in the direction (1 in, 2 out, 3 both) are locked now.
func (s *Server) TransferLocked(customerNo string, tradeType, direction int) bool {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.fx.locked(customerNo, int64(tradeType), int64(direction), s.clock())
}

// ratString prints an exact decimal with at least 6 digits after the point
// (the accounts' precision) and as many more as the value needs.
func ratString(r *big.Rat) string {
	for d := 6; d < 40; d++ {
		s := r.FloatString(d)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return r.FloatString(40)
}

// rat reads a JSON number's text exactly.
func rat(n string) (*big.Rat, bool) {
	if strings.ContainsAny(n, "xXpP") {
		return nil, false
	}
	return new(big.Rat).SetString(n)
}

// boolean reads a JSON boolean field.
func (r *request) boolean(name string, required bool) (bool, bool, *apiError) {
	if !r.has(name) {
		if required {
			return false, false, r.missingErr()
		}
		return false, false, nil
	}
	switch string(bytes.TrimSpace(r.body[name])) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, false, errCode("GGATEWAY_CODE_015")
}

// company reads a companyId field typed string and checks it is this
// company's.
func (r *request) company(required bool) *apiError {
	id, e := r.str("companyId", required)
	if e != nil {
		return e
	}
	if (required || r.has("companyId")) && id != r.srv.CompanyID {
		return errCode("GGATEWAY_CODE_019")
	}
	return nil
}

var fundHeaders = []string{"companyId", "token", "version"}

func init() {
	for _, op := range []*opSpec{
		{name: "fund.admin.CustomerFundAdminDubboService.getExchangeRate", handle: (*Server).exchangeRates},
		{name: "fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount", handle: (*Server).lockTransfers},
		{name: "fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount", handle: (*Server).unlockTransfers},
		{name: "fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount", handle: (*Server).queryOneLock},
		{name: "fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount", handle: (*Server).queryTradeTypeLocks},
		{name: "fund.admin.CustomerActivityBonusAdminDubboService.operationBonus", handle: (*Server).operationBonus},
		{name: "fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById", handle: (*Server).getProposal},
		{name: "fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal", handle: (*Server).addProposal,
			headers: []string{"token", "version"}},
	} {
		if op.headers == nil {
			op.headers = fundHeaders
		}
		op.token, op.missing = true, "FS10001"
		addOp(op)
	}
}

// exchangeRate is one configured rate of the fake, as in the spec's example.
type exchangeRate struct {
	rate           string
	formula        string
	srcDig, dstDig int
}

var exchangeRates = map[[2]string]exchangeRate{
	{"BTC", "USDT"}:  {"16755.38", "multiply", 8, 4},
	{"ETH", "USDT"}:  {"1205.5", "multiply", 8, 4},
	{"BNB", "USDT"}:  {"290.12", "multiply", 8, 4},
	{"USD", "USDT"}:  {"1", "multiply", 2, 4},
	{"USDT", "USDT"}: {"1", "multiply", 4, 4},
	{"USDT", "BTC"}:  {"16755.38", "divide", 4, 8},
}

// exchangeRates implements getExchangeRate: currencyMap (required, object
// of strings, at most 50 pairs), companyId and type (1 deposit, 2
// withdrawal) optional. Rates come from a fixed table; an unknown pair is
// FS540017.
func (s *Server) exchangeRates(r *request) (any, *apiError) {
	if e := r.company(false); e != nil {
		return nil, e
	}
	if !r.has("currencyMap") {
		return nil, r.missingErr()
	}
	var pairs map[string]string
	if e := r.decode("currencyMap", &pairs); e != nil {
		return nil, e
	}
	typ, has, e := r.integer("type", false)
	switch {
	case e != nil:
		return nil, e
	case has && typ != 1 && typ != 2:
		return nil, errCode("FS10002")
	case len(pairs) == 0:
		return nil, errCode("FS10001")
	case len(pairs) > 50:
		return nil, errCode("FS10005")
	}
	srcs := make([]string, 0, len(pairs))
	for k := range pairs {
		srcs = append(srcs, k)
	}
	sort.Strings(srcs)
	out := make([]map[string]any, 0, len(pairs))
	for _, src := range srcs {
		x, ok := exchangeRates[[2]string{src, pairs[src]}]
		if !ok {
			return nil, errCode("FS540017")
		}
		out = append(out, map[string]any{"sourceCurrency": src, "targetCurrency": pairs[src], "rate": x.rate,
			"formulaSymbol": x.formula, "sourceDigits": x.srcDig, "targetDigits": x.dstDig})
	}
	return out, nil
}

// lockTarget reads customerNo, tradeType and companyId (all required) and
// finds the customer's account of that trading mode.
func (s *Server) lockTarget(r *request) (string, int64, *apiError) {
	no, e := r.str("customerNo", true)
	if e != nil {
		return "", 0, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return "", 0, e
	}
	if e := r.company(true); e != nil {
		return "", 0, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[no]
	if c == nil || c.account(tt) == nil {
		return "", 0, errCode("FS404")
	}
	return no, tt, nil
}

func (c *Customer) account(tradeType int64) *Account {
	for _, a := range c.Accounts {
		if int64(a.TradeType) == tradeType {
			return a
		}
	}
	return nil
}

func lockDirection(r *request) (int64, *apiError) {
	d, _, e := r.integer("type", true)
	if e != nil {
		return 0, e
	}
	if d < 1 || d > 3 {
		return 0, errCode("FS10002")
	}
	return d, nil
}

func directions(d int64) []int64 {
	if d == 3 {
		return []int64{1, 2}
	}
	return []int64{d}
}

// lockTransfers implements lockTradeAccount: lockEndTime (ms) wins over
// lockTime (s); with neither the lock holds until unlocked.
func (s *Server) lockTransfers(r *request) (any, *apiError) {
	no, tt, e := s.lockTarget(r)
	if e != nil {
		return nil, e
	}
	d, e := lockDirection(r)
	if e != nil {
		return nil, e
	}
	secs, hasSecs, e := r.number("lockTime", false)
	if e != nil {
		return nil, e
	}
	endMs, hasEnd, e := r.number("lockEndTime", false)
	if e != nil {
		return nil, e
	}
	now := s.clock()
	var until time.Time
	switch {
	case hasEnd:
		ms, err := strconv.ParseInt(endMs, 10, 64)
		if err != nil || !time.UnixMilli(ms).After(now) {
			return nil, errCode("FS10002")
		}
		until = time.UnixMilli(ms)
	case hasSecs:
		n, err := strconv.ParseInt(secs, 10, 64)
		if err != nil || n <= 0 {
			return nil, errCode("FS10002")
		}
		until = now.Add(time.Duration(n) * time.Second)
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, dir := range directions(d) {
		st.fx.locks[lockKey{no, tt, dir}] = until
	}
	return nil, nil
}

// unlockTransfers implements unlockTradeAccount.
func (s *Server) unlockTransfers(r *request) (any, *apiError) {
	no, tt, e := s.lockTarget(r)
	if e != nil {
		return nil, e
	}
	d, e := lockDirection(r)
	if e != nil {
		return nil, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, dir := range directions(d) {
		delete(st.fx.locks, lockKey{no, tt, dir})
	}
	return nil, nil
}

// queryOneLock implements queryOneLockTradeAccount: a boolean.
func (s *Server) queryOneLock(r *request) (any, *apiError) {
	no, tt, e := s.lockTarget(r)
	if e != nil {
		return nil, e
	}
	d, e := lockDirection(r)
	if e != nil {
		return nil, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.fx.locked(no, tt, d, s.clock()), nil
}

// queryTradeTypeLocks implements queryTradeTypeLockTradeAccount: the state
// of directions 1, 2 and 3, type as a string as the schema says.
func (s *Server) queryTradeTypeLocks(r *request) (any, *apiError) {
	no, tt, e := s.lockTarget(r)
	if e != nil {
		return nil, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]map[string]any, 0, 3)
	for d := int64(1); d <= 3; d++ {
		out = append(out, map[string]any{"lockStatus": st.fx.locked(no, tt, d, s.clock()), "type": strconv.FormatInt(d, 10)})
	}
	return out, nil
}

// findAccount finds the customer's account: by ID when given (it must be
// the customer's and of the trading mode: FS520010), else the first of the
// trading mode. The caller holds mu.
func (st *state) findAccount(c *Customer, accountID int64, hasID bool, tradeType int64) (*Account, *apiError) {
	if hasID {
		for _, a := range c.Accounts {
			if a.ID == accountID {
				if int64(a.TradeType) != tradeType {
					return nil, errCode("FS520010")
				}
				return a, nil
			}
		}
		return nil, errCode("FS520010")
	}
	if a := c.account(tradeType); a != nil {
		return a, nil
	}
	return nil, errCode("FS404")
}

// operationBonus implements operationBonus (spot only): issue (type 1)
// adds the bonus, recover (type 2) takes back at most the balance; the
// activity ID is single-use (FS570001); a locked transfer-in refuses
// issuing (FS570005), a locked transfer-out recovering (FS570004).
func (s *Server) operationBonus(r *request) (any, *apiError) {
	var no, activity, activityCust, cur, acctStr string
	for _, f := range []struct {
		name     string
		required bool
		dst      *string
	}{
		{"customerNo", true, &no}, {"activityId", true, &activity}, {"activityCustomerNo", true, &activityCust},
		{"currencyBonus", true, &cur}, {"accountId", false, &acctStr},
	} {
		var e *apiError
		if *f.dst, e = r.str(f.name, f.required); e != nil {
			return nil, e
		}
	}
	if e := r.company(true); e != nil {
		return nil, e
	}
	amountText, _, e := r.number("bonus", true)
	if e != nil {
		return nil, e
	}
	typ, _, e := r.integer("type", true)
	if e != nil {
		return nil, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return nil, e
	}
	amount, ok := rat(amountText)
	var acctID int64
	var err error
	if acctStr != "" {
		acctID, err = strconv.ParseInt(acctStr, 10, 64)
	}
	switch {
	case no == "" || activity == "" || cur == "":
		return nil, errCode("FS10001")
	case !ok || err != nil || tt != 5 || (typ != 1 && typ != 2):
		return nil, errCode("FS10002")
	case amount.Sign() <= 0:
		return nil, errCode("FS10003")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[no]
	if c == nil {
		return nil, errCode("FS404")
	}
	if st.fx.activities[activity] {
		return nil, errCode("FS570001")
	}
	a, apiErr := st.findAccount(c, acctID, acctStr != "", tt)
	if apiErr != nil {
		return nil, apiErr
	}
	now := s.clock()
	if typ == 1 && st.fx.locked(no, tt, 1, now) {
		return nil, errCode("FS570005")
	}
	if typ == 2 && st.fx.locked(no, tt, 2, now) {
		return nil, errCode("FS570004")
	}
	bal := new(big.Rat).Set(st.fx.balance(a.ID, cur))
	moved := new(big.Rat).Set(amount)
	if typ == 1 {
		bal.Add(bal, amount)
	} else {
		if moved.Cmp(bal) > 0 {
			moved.Set(bal)
		}
		bal.Sub(bal, moved)
	}
	st.fx.balances[balanceKey{a.ID, cur}] = bal
	st.fx.activities[activity] = true
	signed := new(big.Rat).Set(moved)
	if typ != 1 {
		signed.Neg(signed)
	}
	s.publishAdjustment(c, a, cur, signed, bal)
	return map[string]any{"result": true, "actionAmount": ratString(moved)}, nil
}

// proposal is a stored adjustment proposal.
type proposal struct {
	id         int64
	no         string
	customer   *Customer
	account    *Account
	tradeType  int64
	currency   string
	amount     *big.Rat
	remark     string
	createTime time.Time
}

// addProposal implements addCustomerAdjustProposal: businessType must be 4
// and withdraw true (both "fixed" in the spec); the amount (positive bonus,
// negative rebate) applies at once, approved; a rebate larger than the
// balance is FS52001.
func (s *Server) addProposal(r *request) (any, *apiError) {
	no, e := r.str("customerNo", true)
	if e != nil {
		return nil, e
	}
	cur, e := r.str("accountCurrency", true)
	if e != nil {
		return nil, e
	}
	remark, e := r.str("remark", false)
	if e != nil {
		return nil, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return nil, e
	}
	biz, _, e := r.integer("businessType", true)
	if e != nil {
		return nil, e
	}
	amountText, _, e := r.number("amount", true)
	if e != nil {
		return nil, e
	}
	withdraw, _, e := r.boolean("withdraw", true)
	if e != nil {
		return nil, e
	}
	acctID, hasAcct, e := r.integer("accountId", false)
	if e != nil {
		return nil, e
	}
	amount, ok := rat(amountText)
	switch {
	case no == "" || cur == "":
		return nil, errCode("FS10001")
	case !ok || amount.Sign() == 0 || biz != 4 || !withdraw:
		return nil, errCode("FS10002")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[no]
	if c == nil {
		return nil, errCode("FS404")
	}
	a, apiErr := st.findAccount(c, acctID, hasAcct, tt)
	if apiErr != nil {
		return nil, apiErr
	}
	bal := new(big.Rat).Add(st.fx.balance(a.ID, cur), amount)
	if bal.Sign() < 0 {
		return nil, errCode("FS52001")
	}
	st.fx.balances[balanceKey{a.ID, cur}] = bal
	s.publishAdjustment(c, a, cur, amount, bal)
	p := &proposal{id: st.fx.nextProp, no: "AP" + strconv.FormatInt(20240000000+st.fx.nextProp, 10), customer: c, account: a,
		tradeType: tt, currency: cur, amount: amount, remark: remark, createTime: s.clock()}
	st.fx.nextProp++
	st.fx.proposals[p.no] = p
	return p.no, nil
}

// getProposal implements getCustomerAdjustProposalById.
func (s *Server) getProposal(r *request) (any, *apiError) {
	no, e := r.str("proposalNo", true)
	if e != nil {
		return nil, e
	}
	if e := r.company(true); e != nil {
		return nil, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	p := st.fx.proposals[no]
	if p == nil {
		return nil, errCode("FS404")
	}
	ms := p.createTime.UnixMilli()
	return map[string]any{
		"id": p.id, "proposalNo": p.no, "companyId": json.Number(s.CompanyID), "customerId": p.customer.ID,
		"customerNo": p.customer.CustomerNo, "accountId": p.account.ID, "tradeType": p.tradeType,
		"accountCurrency": p.currency, "amount": json.Number(ratString(p.amount)), "businessType": 4,
		"businessTypeText": "Bonus", "withdraw": true, "checkStatus": 2, "checkBy": "system", "status": 1,
		"remark": p.remark, "createBy": "openapi", "createTime": ms, "updateBy": "openapi", "updateTime": ms,
		"resetAccount": false, "thirdOrderId": "", "thirdAccount": "",
	}, nil
}
