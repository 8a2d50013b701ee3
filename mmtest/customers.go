package mmtest

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	md5RE     = regexp.MustCompile(`^[0-9a-f]{32}$`)
	phoneRE   = regexp.MustCompile(`^[0-9]{4,20}$`)
	areaRE    = regexp.MustCompile(`^\+[0-9]{1,4}$`)
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
	emailRE   = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func init() {
	addOp(&opSpec{
		name:    "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc",
		headers: []string{"token", "version", "companyId"}, token: true,
		missing: "USCUSTOMER_API_0000501",
		handle:  (*Server).register,
	})
}

// register implements addCusAndOpenAccountAndKyc: the schema's required
// fields (phone, pwd, country, registerSource, customerGroupId) with their
// JSON types, phone or e-mail present, and unique phone, e-mail and
// third-party code.
func (s *Server) register(r *request) (any, *apiError) {
	var c Customer
	var e *apiError
	strs := []struct {
		name     string
		required bool
		dst      *string
	}{
		{"phone", true, &c.Phone}, {"phoneArea", false, &c.PhoneArea}, {"email", false, &c.Email},
		{"emailArea", false, &c.EmailArea}, {"pwd", true, &c.PasswordMD5}, {"country", true, &c.Country},
		{"remark", false, &c.Remark}, {"thirdServerCode", false, &c.ThirdCode},
		{"registerDevice", false, new(string)}, {"utmSource", false, new(string)}, {"utmMedium", false, new(string)},
		{"utmCampaign", false, new(string)}, {"utmContent", false, new(string)}, {"utmTerm", false, new(string)},
	}
	for _, f := range strs {
		if *f.dst, e = r.str(f.name, f.required); e != nil {
			return nil, e
		}
	}
	src, _, e := r.integer("registerSource", true)
	if e != nil {
		return nil, e
	}
	group, _, e := r.number("customerGroupId", true)
	if e != nil {
		return nil, e
	}
	var list []struct {
		AllCurrency string `json:"allCurrency"`
		TradeType   string `json:"tradeType"`
	}
	if e := r.decode("tradeTypeCurrencyList", &list); e != nil {
		return nil, e
	}
	switch {
	case c.Phone == "" && c.Email == "":
		return nil, errCode("USCUSTOMER_API_0000105")
	case c.Phone != "" && !phoneRE.MatchString(c.Phone):
		return nil, errCode("USCUSTOMER_API_0000504")
	case c.PhoneArea != "" && !areaRE.MatchString(c.PhoneArea), c.EmailArea != "" && !areaRE.MatchString(c.EmailArea):
		return nil, errCode("GGATEWAY_CODE_015")
	case c.Email != "" && !emailRE.MatchString(c.Email):
		return nil, errCode("USCUSTOMER_API_0000510")
	case !md5RE.MatchString(c.PasswordMD5):
		return nil, errCode("GGATEWAY_CODE_015") // pwd is documented as an MD5
	case !countryRE.MatchString(c.Country):
		return nil, errCode("USCUSTOMER_API_0000507")
	case src < 1 || src > 9:
		return nil, errCode("GGATEWAY_CODE_015")
	case utf8.RuneCountInString(c.ThirdCode) > 50:
		return nil, errCode("GGATEWAY_CODE_015")
	}
	c.Source = int(src)
	if strings.ContainsAny(group, ".eE") {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	for _, ch := range group {
		c.GroupID = c.GroupID*10 + int64(ch-'0')
	}
	for _, t := range list {
		tt := 0
		for _, ch := range t.TradeType {
			if ch < '0' || ch > '9' {
				return nil, errCode("GGATEWAY_CODE_015")
			}
			tt = tt*10 + int(ch-'0')
		}
		if tt == 0 || t.AllCurrency == "" {
			return nil, errCode("GGATEWAY_CODE_015")
		}
		c.Accounts = append(c.Accounts, &Account{TradeType: tt, Currency: t.AllCurrency})
	}
	if len(c.Accounts) == 0 {
		c.Accounts = []*Account{{TradeType: 1, Currency: "USDT"}} // the default group's account
	}

	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case !st.groups[c.GroupID]:
		return nil, errCode("USCUSTOMER_API_0000301")
	case c.Phone != "" && st.byPhone[phoneKey(c.PhoneArea, c.Phone)] != nil:
		return nil, errCode("USCUSTOMER_API_0000106")
	case c.Email != "" && st.byEmail[c.Email] != nil:
		return nil, errCode("USCUSTOMER_API_0000107")
	case c.ThirdCode != "" && st.byThird[c.ThirdCode] != nil:
		return nil, errCode("USCUSTOMER_API_0000101")
	}
	c.CreatedAt = s.clock()
	st.add(&c)
	s.publishRegistration(&c)
	return c.CustomerNo, nil
}

func init() {
	std := []string{"token", "version", "companyId"}
	addOp(&opSpec{
		name:    "customer.app.CustomerWebApiService.checkCustomerExist",
		headers: []string{"companyId", "version"}, missing: "USCUSTOMER_API_0000501",
		handle: (*Server).checkCustomerExist,
	})
	addOp(&opSpec{name: "customer.admin.WhiteCustomerAdminApiService.page", headers: std, token: true,
		missing: "USCUSTOMER_API_0000501", handle: (*Server).customerPage})
	addOp(&opSpec{name: "customer.admin.WhiteCustomerAdminApiService.detail", headers: std, token: true,
		missing: "USCUSTOMER_API_0000501", handle: (*Server).customerDetail})
	addOp(&opSpec{name: "customer.admin.CustomerGroupAdminApiService.groupList", headers: std, token: true,
		handle: (*Server).groupList})
	addOp(&opSpec{name: "customer.admin.CustomerAdminApiService.queryAccountList", headers: std, token: true,
		missing: "USCUSTOMER_API_0000501", handle: (*Server).queryAccountList})
}

// SeedCustomers registers n customers directly in the fake's state, without
// requests (phones 7000000000 up, country US, source 3, group 1, one
// cross-contract USDT account each), for tests and benchmarks that need a
// long customer list. It returns the number of the first one.
func (s *Server) SeedCustomers(n int) string {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	first := strconv.FormatInt(st.nextNo, 10)
	now := s.clock()
	grow := len(st.customers) + n
	if cap(st.customers) < grow {
		cs := make([]*Customer, len(st.customers), grow)
		copy(cs, st.customers)
		st.customers = cs
	}
	cs := make([]Customer, n)
	accts := make([]Account, n)
	for i := range cs {
		c := &cs[i]
		c.Phone = strconv.FormatInt(7_000_000_000+int64(len(st.customers)), 10)
		if st.byPhone[phoneKey("", c.Phone)] != nil {
			c.Phone = ""
			c.Email = "seed" + strconv.Itoa(len(st.customers)) + "-" + randomHex(3) + "@mmtest.invalid"
		}
		c.PasswordMD5, c.Country, c.Source, c.GroupID, c.CreatedAt = "dc483e80a7a0bd9ef71d8cf973673924", "US", 3, 1, now
		accts[i] = Account{TradeType: 1, Currency: "USDT"}
		c.Accounts = []*Account{&accts[i]}
		st.add(c)
	}
	return first
}

// checkCustomerExist implements checkCustomerExist: type 1 e-mail, 2 phone
// (with phoneArea, +86 by default), 3 customer number; data 1 exists, 2 not.
func (s *Server) checkCustomerExist(r *request) (any, *apiError) {
	typ, _, e := r.integer("type", true)
	if e != nil {
		return nil, e
	}
	name, e := r.str("loginName", true)
	if e != nil {
		return nil, e
	}
	area, e := r.str("phoneArea", false)
	if e != nil {
		return nil, e
	}
	if _, e := r.str("emailArea", false); e != nil {
		return nil, e
	}
	if name == "" {
		return nil, r.missingErr()
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.byLogin(typ, name, area)
	switch {
	case !ok:
		return nil, errCode("GGATEWAY_CODE_015")
	case c != nil:
		return 1, nil
	}
	return 2, nil
}

// customerRecord is one WhiteCustomerAdminPageVO.
type customerRecord struct {
	AgentCustomerNo          string `json:"agentCustomerNo"`
	CompanyID                int64  `json:"companyId"`
	CreateTime               int64  `json:"createTime"`
	CustomerGroupID          int64  `json:"customerGroupId"`
	CustomerGroupName        string `json:"customerGroupName"`
	CustomerNo               string `json:"customerNo"`
	CustomerType             int    `json:"customerType"`
	Email                    string `json:"email"`
	FirstAccountActivateTime int64  `json:"firstAccountActivateTime"`
	FirstName                string `json:"firstName"`
	ID                       int64  `json:"id"`
	IDCard                   string `json:"idCard"`
	IDCardType               string `json:"idCardType"`
	LastName                 string `json:"lastName"`
	LoginTime                *int64 `json:"loginTime"`
	Name                     string `json:"name"`
	OpenAccountType          int    `json:"openAccountType"`
	Phone                    string `json:"phone"`
	PhoneArea                string `json:"phoneArea"`
	RegisterSource           int    `json:"registerSource"`
	Remark                   string `json:"remark"`
	Status                   int    `json:"status"`
	ThirdAccountNo           string `json:"thirdAccountNo"`
	UnitID                   int64  `json:"unitId"`
	UnitName                 string `json:"unitName"`
	UpdateTime               int64  `json:"updateTime"`
}

func groupName(id int64) string {
	if id == 1 {
		return "Default group"
	}
	return "Group " + strconv.FormatInt(id, 10)
}

func (st *state) record(c *Customer) customerRecord {
	cid, _ := strconv.ParseInt(st.companyID, 10, 64)
	area := c.PhoneArea
	if area == "" && c.Phone != "" {
		area = "+86"
	}
	ms := c.CreatedAt.UnixMilli()
	return customerRecord{
		CompanyID: cid, CreateTime: ms, CustomerGroupID: c.GroupID, CustomerGroupName: groupName(c.GroupID),
		CustomerNo: c.CustomerNo, Email: c.Email, FirstAccountActivateTime: ms, ID: c.ID, Phone: c.Phone, PhoneArea: area,
		RegisterSource: c.Source, Remark: c.Remark, Status: 1, UpdateTime: ms,
	}
}

// pageInt reads a field the schema types as number that must hold a whole
// count; def when absent.
func (r *request) pageInt(name string, def int64) (int64, *apiError) {
	v, has, e := r.number(name, false)
	if e != nil || !has {
		return def, e
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != float64(int64(f)) || f < 0 {
		return 0, errCode("GGATEWAY_CODE_015")
	}
	if f == 0 {
		return def, nil
	}
	return int64(f), nil
}

// customerPage implements page: customerNo must be present as a key (null
// or a string), size (default 20, at most 2,000) and current (default 1)
// are numbers; data is {current, size, total, records}, oldest first.
func (s *Server) customerPage(r *request) (any, *apiError) {
	if _, ok := r.body["customerNo"]; !ok {
		return nil, r.missingErr()
	}
	no, e := r.str("customerNo", false)
	if e != nil {
		return nil, e
	}
	size, e := r.pageInt("size", 20)
	if e != nil {
		return nil, e
	}
	current, e := r.pageInt("current", 1)
	if e != nil {
		return nil, e
	}
	size = min(size, 2000)
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	list := st.customers
	if no != "" {
		list = nil
		if c := st.byNo[no]; c != nil {
			list = []*Customer{c}
		}
	}
	records := []customerRecord{}
	if from := (current - 1) * size; from < int64(len(list)) {
		to := min(from+size, int64(len(list)))
		records = make([]customerRecord, 0, to-from)
		for _, c := range list[from:to] {
			records = append(records, st.record(c))
		}
	}
	return map[string]any{"current": current, "size": size, "total": len(list), "records": records}, nil
}

var detailSections = map[string]bool{"baseInfo": true, "tradeAccount": true, "kyc": true, "allKyc": true,
	"bankList": true, "walletList": true, "otherInfo": true}

// customerDetail implements detail: type, id (a string here) and customerNo
// are required and must name one customer.
func (s *Server) customerDetail(r *request) (any, *apiError) {
	typ, e := r.str("type", true)
	if e != nil {
		return nil, e
	}
	idText, e := r.str("id", true)
	if e != nil {
		return nil, e
	}
	no, e := r.str("customerNo", true)
	if e != nil {
		return nil, e
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || !detailSections[typ] {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[no]
	if c == nil || c.ID != id {
		return nil, errCode("USCUSTOMER_API_0000003")
	}
	rec := st.record(c)
	b, _ := json.Marshal(rec)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	ms := c.CreatedAt.UnixMilli()
	for k, v := range map[string]any{
		"country": c.Country, "registerTime": ms, "activateStatus": 2, "activateTime": ms, "type": 0,
		"kycStatus": 0, "kycRemark": "", "kycAuditStatus": 0, "kycAuditRemark": "", "companyKycStatus": 2,
		"deposit": 1, "withdraw": 1, "isFund": 0, "googleId": 0, "apiCheckSwitch": false, "apiCheckRule": "",
		"thirdServerCode": c.ThirdCode, "source": strconv.Itoa(c.Source), "companyType": "real",
		"accountList": map[string]any{}, "earlyWarningLevel": map[string]any{}, "forceLevel": map[string]any{},
		"withdrawLevel": map[string]any{},
	} {
		out[k] = v
	}
	if typ == "tradeAccount" {
		accts := make([]map[string]any, 0, len(c.Accounts))
		for _, a := range c.Accounts {
			accts = append(accts, map[string]any{"accountId": a.ID, "tradeType": a.TradeType, "currency": a.Currency})
		}
		out["accountList"] = map[string]any{"list": accts}
	}
	return out, nil
}

// groupList implements groupList: the schema lists no request fields; the
// example's tradeType (integer) and customerNo (string) are read if sent.
// The answer is a list of the configured groups.
func (s *Server) groupList(r *request) (any, *apiError) {
	tt, has, e := r.integer("tradeType", false)
	if e != nil {
		return nil, e
	}
	if _, e := r.str("customerNo", false); e != nil {
		return nil, e
	}
	if !has {
		tt = 1
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	ids := make([]int64, 0, len(st.groups))
	for id := range st.groups {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, map[string]any{"id": id, "name": groupName(id), "openAccountType": 1, "type": 0,
			"tradeType": tt, "assets": "USDT"})
	}
	return out, nil
}

// queryAccountList implements queryAccountList: the customer's accounts of
// the trading mode, one entry per currency held, money as strings.
func (s *Server) queryAccountList(r *request) (any, *apiError) {
	no, e := r.str("customerNo", true)
	if e != nil {
		return nil, e
	}
	tt, _, e := r.integer("tradeType", true)
	if e != nil {
		return nil, e
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[no]
	if c == nil {
		return nil, errCode("USCUSTOMER_API_0000003")
	}
	cid, _ := strconv.ParseInt(st.companyID, 10, 64)
	out := []map[string]any{}
	for _, a := range c.Accounts {
		if int64(a.TradeType) != tt {
			continue
		}
		for _, cur := range st.fx.currencies(a) {
			bal := ratString(st.fx.balance(a.ID, cur))
			out = append(out, map[string]any{
				"accountId": a.ID, "customerId": c.ID, "customerNo": c.CustomerNo, "companyId": cid,
				"tradeType": a.TradeType, "currency": cur, "digits": 6, "type": 1, "status": 2, "activateStatus": 2,
				"openAccountStatus": true, "assetsId": 1, "balance": bal, "available": bal, "equity": bal,
				"netAssets": bal, "withdrawAmount": bal, "frozen": "0.000000", "lockAmount": "0.000000",
				"lockMargin": "0.000000", "margin": "0", "freeMargin": "0", "profit": "0", "interest": "0.000000",
				"liabilities": "0.000000", "liabilitiesPrincipal": "0.000000", "notWithdrawAmount": "0.000000",
				"createTime": c.CreatedAt.UnixMilli(), "remark": nil, "marginRadio": nil,
			})
		}
	}
	return out, nil
}
