package multimarkets

import (
	"context"
	"log/slog"
)

// EmbedService opens MultiMarkets' trading UI inside the white label's own
// site without a second login: it logs a customer in through the
// trading-client API to get a one-time token, and builds the embed URL.
type EmbedService service

var opClientLogin = defineOp(&operation{
	Name: "customer.app.CustomerWebApiService.login", Path: "login/customer.app.CustomerWebApiService.login",
	ClientAPI: true, NoToken: true, Plain: true,
})

// LoginParams identifies a customer for the client-API login.
type LoginParams struct {
	// Type says what LoginName is. Required.
	Type LoginType
	// LoginName is the e-mail address, phone number (without area code) or
	// customer number. Required.
	LoginName string
	// PhoneArea is the phone's area code, e.g. "+86"; required for
	// LoginPhone.
	PhoneArea string
	// Device is the device logging in (same list as registration
	// sources). Required.
	Device RegisterSource
	// Password is the customer's login password. Required.
	Password Password
}

// LogValue logs the params with the login name masked and no password.
func (p LoginParams) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("type", int(p.Type)), slog.String("loginName", maskPhone(p.LoginName)))
}

// Validate checks the params before anything is sent.
func (p *LoginParams) Validate() error {
	const s = "LoginParams."
	switch {
	case p.Type < LoginEmail || p.Type > LoginAccount:
		return &ValidationError{Field: s + "Type", Rule: "LoginEmail, LoginPhone or LoginAccount"}
	case p.LoginName == "":
		return &ValidationError{Field: s + "LoginName", Rule: "required"}
	case p.Type == LoginEmail && !validEmail(p.LoginName):
		return &ValidationError{Field: s + "LoginName", Rule: "e-mail address for LoginEmail"}
	case p.Type == LoginPhone && !phoneRE.MatchString(p.LoginName):
		return &ValidationError{Field: s + "LoginName", Rule: "4 to 20 digits for LoginPhone"}
	case p.Type == LoginPhone && !areaCodeRE.MatchString(p.PhoneArea):
		return &ValidationError{Field: s + "PhoneArea", Rule: `required for LoginPhone, like "+86"`}
	case p.Type != LoginPhone && p.PhoneArea != "" && !areaCodeRE.MatchString(p.PhoneArea):
		return &ValidationError{Field: s + "PhoneArea", Rule: `area code like "+86"`}
	case !p.Device.Valid():
		return &ValidationError{Field: s + "Device", Rule: "device 1..9 (SourceH5 … SourceOther)"}
	}
	return p.Password.validate(s + "Password")
}

type loginBody struct {
	Type      int    `json:"type"`
	Device    int    `json:"device"`
	LoginName string `json:"loginName"`
	PhoneArea string `json:"phoneArea,omitempty"`
	IsThird   bool   `json:"isThird"`
	LoginPwd  string `json:"loginPwd"`
}

// CustomerLogin is the result of a client-API login. Token is a single-use
// token for the trading UI; String and LogValue hide it.
type CustomerLogin struct {
	// Token opens the trading UI once (the embed URL's tsource parameter).
	Token string `json:"token"`
	// CustomerNo is the customer number.
	CustomerNo FlexString `json:"customerNo"`
	// CustomerID is the customer's internal ID.
	CustomerID FlexInt64 `json:"id"`
	// CompanyID is the white label's company ID.
	CompanyID FlexString `json:"companyId"`
	// CustomerGroupID is the customer's group.
	CustomerGroupID FlexInt64 `json:"customerGroupId"`
	// Country is the customer's ISO 3166-1 alpha-2 country.
	Country string `json:"country"`
	// Phone and Email are as the server returns them (masked).
	Phone string `json:"phone"`
	// Email is the customer's e-mail address, masked by the server.
	Email string `json:"email"`
	// PhoneArea is the phone's area code.
	PhoneArea string `json:"phoneArea"`
	// KYCStatus is the customer's KYC status code.
	KYCStatus FlexInt64 `json:"kycStatus"`
	// Status is the customer's status code.
	Status FlexInt64 `json:"status"`
	// ThirdPartyCode is the customer's ID in the white label's system.
	ThirdPartyCode string `json:"thirdServerCode"`
	// Trace is the trace of the login request.
	Trace string `json:"-"`
}

// String describes the login without the token.
func (l *CustomerLogin) String() string {
	return "CustomerLogin{customerNo: " + string(l.CustomerNo) + ", token: " + redacted + "}"
}

// LogValue logs the login without the token.
func (l *CustomerLogin) LogValue() slog.Value { return slog.StringValue(l.String()) }

// Login logs a customer in through the trading-client API
// (customer.app.CustomerWebApiService.login at the client base URL, see
// WithClientBaseURL) and returns the single-use token with the customer's
// facts. A wrong password fails with an *APIError carrying the server's code.
func (s *EmbedService) Login(ctx context.Context, p *LoginParams, opts ...RequestOption) (*CustomerLogin, error) {
	if p == nil {
		return nil, &ValidationError{Field: "LoginParams", Rule: "required"}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	body := loginBody{Type: int(p.Type), Device: int(p.Device), LoginName: p.LoginName, IsThird: false, LoginPwd: p.Password.md5hex}
	if p.Type == LoginPhone {
		body.PhoneArea = p.PhoneArea
	}
	var meta Response
	l, err := call[CustomerLogin](ctx, s.client, opClientLogin, body, append(opts, WithResponseInto(&meta)))
	if err != nil {
		return nil, err
	}
	if l.Token == "" {
		return nil, &ResponseError{Operation: opClientLogin.Name, HTTPStatus: meta.HTTPStatus, Trace: meta.Trace, Reason: "login answer has no token"}
	}
	l.Trace = meta.Trace
	return &l, nil
}
