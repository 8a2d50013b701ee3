package mmtest

import (
	"regexp"
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
	return c.CustomerNo, nil
}
