package mmtest

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Message is an in-app message the fake received through
// PlatFormMessageThirdSendAdminService.add.
type Message struct {
	CustomerNo  string    // recipient's customer number
	CustomerID  int64     // recipient's customer ID; checked to belong to CustomerNo
	TradeType   int       // trading mode the message was sent for, > 0
	Language    string    // language as sent, e.g. "en-US"
	Title       string    // message title, 1 to 100 characters
	Content     string    // the message text
	ShowType    int       // 0 inbox only, 1 pop-up
	RefreshType int       // what the app should reload, 0 to 6 (0 when not sent)
	SentAt      time.Time // when the fake received it, by its clock
}

// Messages returns the in-app messages received so far, oldest first.
func (s *Server) Messages() []Message {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return append([]Message(nil), s.state.fx.messages...)
}

// verificationCode is a code the fake knows, as if the client-side send
// call had sent it.
type verificationCode struct {
	bizType, toUser, code, sendToken string
	status                           int
}

var codeStates = [...]struct{ name, desc string }{
	{"INIT", "Initialized"}, {"UNUSED", "Pending use"}, {"USED", "Used"}, {"EXPIRED", "Expired"},
}

var verificationTypes = map[string]bool{
	"EMAIL_COMMON_VERIFICATION_CODE": true, "EMAIL_LOGIN_VERIFICATION_CODE": true,
	"EMAIL_REGISTER_VERIFICATION_CODE": true, "EMAIL_PASSWORD_VERIFICATION_CODE": true,
	"SMS_COMMON_VERIFICATION_CODE": true, "SMS_LOGIN_VERIFICATION_CODE": true,
	"SMS_REGISTER_VERIFICATION_CODE": true, "SMS_PASSWORD_VERIFICATION_CODE": true,
}

// IssueVerificationCode records a verification code sent to toUser, as the
// client-side send call would, and returns the code and its send token. Its
// state is 1 (pending use). bizType is one of the documented types such as
// "SMS_REGISTER_VERIFICATION_CODE".
func (s *Server) IssueVerificationCode(bizType, toUser string) (code, sendToken string) {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	n := len(st.fx.codes) + 1
	code = strconv.Itoa(100000 + n*7919%900000)
	sendToken = "mmtest-send-" + strconv.Itoa(n) + "-" + randomHex(4)
	st.fx.codes[sendToken] = &verificationCode{bizType: bizType, toUser: toUser, code: code, sendToken: sendToken, status: 1}
	return code, sendToken
}

// SetVerificationCodeState sets a code's state (0 initialized, 1 pending,
// 2 used, 3 expired); it reports false for an unknown send token or state.
func (s *Server) SetVerificationCodeState(sendToken string, state int) bool {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.fx.codes[sendToken]
	if c == nil || state < 0 || state > 3 {
		return false
	}
	c.status = state
	return true
}

func init() {
	addOp(&opSpec{
		name:    "message.admin.PlatFormMessageThirdSendAdminService.add",
		headers: []string{"token", "version"}, token: true,
		handle: (*Server).sendMessage,
	})
	addOp(&opSpec{
		name:    "message.admin.VerificationAdminService.queryCodeSendStatus",
		headers: []string{"version", "companyId"},
		handle:  (*Server).codeSendStatus,
	})
}

// sendMessage implements add: customerId and companyId are integers here;
// the customer number and ID must name the same customer.
func (s *Server) sendMessage(r *request) (any, *apiError) {
	var m Message
	for _, f := range []struct {
		name string
		dst  *string
	}{{"customerNo", &m.CustomerNo}, {"language", &m.Language}, {"content", &m.Content}, {"title", &m.Title}} {
		var e *apiError
		if *f.dst, e = r.str(f.name, true); e != nil {
			return nil, e
		}
	}
	ints := []struct {
		name     string
		required bool
		dst      *int64
	}{{"tradeType", true, new(int64)}, {"showType", true, new(int64)}, {"refreshType", false, new(int64)},
		{"customerId", true, &m.CustomerID}, {"companyId", true, new(int64)}}
	for _, f := range ints {
		var e *apiError
		if *f.dst, _, e = r.integer(f.name, f.required); e != nil {
			return nil, e
		}
	}
	m.TradeType, m.ShowType, m.RefreshType = int(*ints[0].dst), int(*ints[1].dst), int(*ints[2].dst)
	switch {
	case strconv.FormatInt(*ints[4].dst, 10) != s.CompanyID:
		return nil, errCode("GGATEWAY_CODE_019")
	case m.Title == "" || utf8.RuneCountInString(m.Title) > 100, m.Content == "", m.Language == "",
		m.ShowType != 0 && m.ShowType != 1, m.RefreshType < 0 || m.RefreshType > 6, m.TradeType <= 0:
		return nil, errCode("GGATEWAY_CODE_015")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.byNo[m.CustomerNo]
	if c == nil || c.ID != m.CustomerID {
		return nil, errCode("USCUSTOMER_API_0000003")
	}
	m.SentAt = s.clock()
	st.fx.messages = append(st.fx.messages, m)
	return nil, nil
}

// codeSendStatus implements queryCodeSendStatus for codes made with
// IssueVerificationCode; status is a string as the schema says.
func (s *Server) codeSendStatus(r *request) (any, *apiError) {
	var biz, to, code, tok string
	for _, f := range []struct {
		name string
		dst  *string
	}{{"bizType", &biz}, {"toUser", &to}, {"code", &code}, {"sendToken", &tok}} {
		var e *apiError
		if *f.dst, e = r.str(f.name, true); e != nil {
			return nil, e
		}
	}
	if !verificationTypes[biz] {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.fx.codes[tok]
	switch {
	case c == nil || c.toUser != to || c.bizType != biz:
		return nil, errCode("USCUSTOMER_API_0000003")
	case c.code != code:
		return nil, errCode("USCUSTOMER_API_0000511")
	}
	return map[string]any{"bizType": c.bizType, "toUser": c.toUser, "sendToken": c.sendToken, "code": c.code,
		"status": strconv.Itoa(c.status), "name": codeStates[c.status].name, "desc": codeStates[c.status].desc}, nil
}
