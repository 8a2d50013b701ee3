package mmtest

func init() {
	addOp(&opSpec{
		name: "admin.admin.CompanyAuthDubboService.auth", path: "auth/admin.admin.CompanyAuthDubboService.auth",
		plain: true, handle: (*Server).authorize,
	})
}

// authorize checks appId and appSecret and issues a token that expires after
// the configured TTL, with the company's public key and facts.
func (s *Server) authorize(r *request) (any, *apiError) {
	appID, e := r.str("appId", true)
	if e != nil {
		return nil, e
	}
	secret, e := r.str("appSecret", true)
	if e != nil {
		return nil, e
	}
	if appID != s.AppID || secret != s.AppSecret {
		return nil, errCode("GGATEWAY_CODE_101")
	}
	tok := s.issueToken(s.cfg.tokenTTL)
	return map[string]any{
		"token": tok, "publicKey": s.PublicKey, "id": s.CompanyID, "code": "MMTEST", "name": "mmtest white label",
		"bizName": "mmtest", "companyType": "real", "timezone": 8, "lang": "en-US", "status": 1, "tradeTypes": "1,5",
		"tradeTypeList": []map[string]string{{"id": "1", "code": "1", "name": "Contract full position"}, {"id": "5", "code": "5", "name": "Spot"}},
		"appId":         appID, "startNumber": s.cfg.startCustomerNo, "endNumber": s.cfg.startCustomerNo + 9_999_999,
		"domain": "mmtest.invalid",
	}, nil
}
