package mmtest

// clientPrefix marks trading-client API paths (under /api) in operations.
const clientPrefix = "client/"

func init() {
	addOp(&opSpec{
		name: "customer.app.CustomerWebApiService.login", path: clientPrefix + "login/customer.app.CustomerWebApiService.login",
		headers: []string{"version", "companyId", "lang"}, plain: true,
		missing: "USCUSTOMER_API_0000501",
		handle:  (*Server).clientLogin,
	})
}

// clientLogin implements the trading-client login: type 1 e-mail, 2 phone
// (phoneArea required), 3 customer number; loginPwd is the MD5 of the
// password. It issues a single-use token (see RedeemLoginToken).
func (s *Server) clientLogin(r *request) (any, *apiError) {
	typ, _, e := r.integer("type", true)
	if e != nil {
		return nil, e
	}
	device, _, e := r.integer("device", true)
	if e != nil {
		return nil, e
	}
	name, e := r.str("loginName", true)
	if e != nil {
		return nil, e
	}
	isThird, _, e := r.boolean("isThird", true)
	if e != nil {
		return nil, e
	}
	pwd, e := r.str("loginPwd", false)
	if e != nil {
		return nil, e
	}
	area, e := r.str("phoneArea", typ == 2)
	if e != nil {
		return nil, e
	}
	if device < 1 || device > 9 || isThird || name == "" || pwd == "" {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	st := s.state
	st.mu.Lock()
	c, ok := st.byLogin(typ, name, area)
	if !ok {
		st.mu.Unlock()
		return nil, errCode("GGATEWAY_CODE_015")
	}
	if c == nil || c.PasswordMD5 != pwd {
		st.mu.Unlock()
		return nil, errCode("USCUSTOMER_API_0000112")
	}
	cust := *c
	st.mu.Unlock()

	tok := "mmtest-login-" + randomHex(16) + "app"
	s.mu.Lock()
	if s.loginTokens == nil {
		s.loginTokens = map[string]string{}
	}
	s.loginTokens[tok] = cust.CustomerNo
	s.mu.Unlock()
	return map[string]any{
		"token": tok, "customerNo": cust.CustomerNo, "id": cust.ID, "companyId": s.companyIDNumber(),
		"customerGroupId": cust.GroupID, "country": cust.Country, "phoneArea": cust.PhoneArea,
		"phone": maskMiddle(cust.Phone), "email": maskMiddle(cust.Email), "registerSource": cust.Source,
		"type": 0, "status": 2, "kycStatus": 1, "thirdServerCode": cust.ThirdCode, "loginTime": s.clock().UnixMilli(),
		"rToken": randomHex(32), "accountList": []any{},
	}, nil
}

// RedeemLoginToken uses up a token the client-API login issued, as the
// trading UI does when it opens with ?tsource=<token>. It returns the
// customer number, and false if the token is unknown or already used.
func (s *Server) RedeemLoginToken(token string) (customerNo string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	no, ok := s.loginTokens[token]
	delete(s.loginTokens, token)
	return no, ok
}

func (s *Server) companyIDNumber() int64 {
	var n int64
	for _, ch := range s.CompanyID {
		n = n*10 + int64(ch-'0')
	}
	return n
}

// maskMiddle hides the middle of a phone number or e-mail as the server does
// ("135******9561", "22**@qq.com").
func maskMiddle(v string) string {
	if len(v) <= 4 {
		return v
	}
	return v[:2] + "****" + v[len(v)-2:]
}
