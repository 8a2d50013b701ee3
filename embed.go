package multimarkets

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// EmbedService opens MultiMarkets' trading UI inside the white label's own
// site without a second login: it logs a customer in through the
// trading-client API to get a one-time token, and builds the embed URL.
type EmbedService service

var opClientLogin = defineOp(&operation{
	Name: "customer.app.CustomerWebApiService.login", Path: "login/customer.app.CustomerWebApiService.login",
	ClientAPI: true, NoToken: true, Plain: true,
	// Resending only issues another token.
	ReadOnly: true,
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

// String describes the params with the login name masked and no password.
func (p LoginParams) String() string {
	return "LoginParams{type: " + p.Type.String() + ", loginName: " + redact.Personal(p.LoginName) + ", password: " + redacted + "}"
}

// GoString is String, for %#v.
func (p LoginParams) GoString() string { return p.String() }

// Format prints String under every fmt verb (%d, %x, %q, %+v, …).
func (p LoginParams) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// LogValue logs the params with the login name masked and no password.
func (p LoginParams) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("type", int(p.Type)), slog.String("loginName", redact.Personal(p.LoginName)))
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
	case p.Type == LoginPhone && !validPhone(p.LoginName):
		return &ValidationError{Field: s + "LoginName", Rule: "4 to 20 digits for LoginPhone"}
	case p.Type == LoginPhone && !validAreaCode(p.PhoneArea):
		return &ValidationError{Field: s + "PhoneArea", Rule: `required for LoginPhone, like "+86"`}
	case p.Type != LoginPhone && p.PhoneArea != "" && !validAreaCode(p.PhoneArea):
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
func (l CustomerLogin) String() string {
	return "CustomerLogin{customerNo: " + string(l.CustomerNo) + ", token: " + redacted + "}"
}

// GoString is String, so %#v hides the token too.
func (l CustomerLogin) GoString() string { return l.String() }

// Format prints String under every fmt verb, so no verb prints the token,
// the phone or the e-mail address.
func (l CustomerLogin) Format(f fmt.State, verb rune) { redact.Format(f, verb, l.String()) }

// LogValue logs the login without the token.
func (l CustomerLogin) LogValue() slog.Value { return slog.StringValue(l.String()) }

// Login logs a customer in through the trading-client API
// (customer.app.CustomerWebApiService.login at the client base URL, see
// WithClientBaseURL) and returns the single-use token with the customer's
// facts. A wrong password fails with an *APIError carrying the server's code.
//
//mm:op customer.app.CustomerWebApiService.login
func (s *EmbedService) Login(ctx context.Context, p *LoginParams, opts ...RequestOption) (*CustomerLogin, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opClientLogin, &ValidationError{Field: "LoginParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opClientLogin, err)
	}
	body := loginBody{Type: int(p.Type), Device: int(p.Device), LoginName: p.LoginName, IsThird: false, LoginPwd: p.Password.md5hex()}
	if p.Type == LoginPhone {
		body.PhoneArea = p.PhoneArea
	}
	var meta Response
	l, err := callChecked(ctx, s.client, opClientLogin, body, append(opts, WithResponseInto(&meta)), func(l CustomerLogin, m Response) error {
		if l.Token == "" {
			return &ResponseError{Operation: opClientLogin.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace, Reason: "login answer has no token"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.Trace = meta.Trace
	return &l, nil
}

// EmbedParams describes the customer whose trading UI to open.
type EmbedParams struct {
	// Customer identifies the customer (Phone and PhoneArea, or Email) and
	// carries what registration needs if the customer does not exist yet.
	// Customer.Password is also the password Login uses.
	Customer RegisterParams
	// TradingURL is the trading UI page to embed, e.g.
	// "https://www.headline.net/zh-CN/home"; the one-time token is added
	// as its tsource query parameter. Required.
	TradingURL string
	// Device is the device logging in; Customer.Source when zero.
	Device RegisterSource
}

// LogValue logs the params with the customer's phone and e-mail masked and
// without the password.
func (p EmbedParams) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("customer", p.Customer), slog.Int("device", int(p.Device)))
}

// EmbedLink is an embed URL for one customer.
type EmbedLink struct {
	// URL is TradingURL with tsource=<one-time token>; it opens the
	// trading UI logged in, once. It contains a credential: do not log it.
	URL string
	// CustomerNo is the customer's number, from the login answer (or from
	// the registration when the login answer lacks it).
	CustomerNo string
	// Registered is true when this call registered the customer.
	Registered bool
}

// String describes the link without its token.
func (l EmbedLink) String() string {
	return "EmbedLink{customerNo: " + l.CustomerNo + ", url: " + redacted + "}"
}

// GoString is String, so %#v hides the token too.
func (l EmbedLink) GoString() string { return l.String() }

// Format prints String under every fmt verb, so no verb prints the URL's
// one-time token.
func (l EmbedLink) Format(f fmt.State, verb rune) { redact.Format(f, verb, l.String()) }

// LogValue logs the link without its token.
func (l EmbedLink) LogValue() slog.Value { return slog.StringValue(l.String()) }

// EmbedError says which step of Embed.Open failed: "validate",
// "ensure-registered" or "login". Unwrap gives the step's error (an
// *APIError with the server's code, a *ValidationError, …).
type EmbedError struct {
	// Step is the step that failed.
	Step string
	// Err is the step's error.
	Err error
}

// Error names the step and its error.
func (e *EmbedError) Error() string {
	return "multimarkets: embed: " + e.Step + ": " + strings.TrimPrefix(e.Err.Error(), "multimarkets: ")
}

// Unwrap returns the step's error.
func (e *EmbedError) Unwrap() error { return e.Err }

// Open runs the documented embed flow in one call: make sure the customer
// exists (as Customers.EnsureRegistered: checks, registers only when
// absent, never twice even when an answer is lost), log in through the
// client API for a one-time token, and return TradingURL with the token in
// its tsource parameter, correctly escaped. A failure is an *EmbedError
// naming the step. With WithTrace, the login uses the trace suffixed
// "-login".
//
// Open never scans the customer list: the login answer carries the
// customer number. Its cost is bounded whatever the size of the company:
// at most 4 rounds of two existence checks and one registration, then one
// login (3 requests for an existing customer with phone and e-mail).
func (s *EmbedService) Open(ctx context.Context, p *EmbedParams, opts ...RequestOption) (*EmbedLink, error) {
	// Refused params are observed once, as a registration refused (Open
	// has no operation of its own; its requests are observed as calls of
	// their own), or as a login refused when the login params are.
	if p == nil {
		return nil, s.client.refuse(ctx, opRegister, &EmbedError{Step: "validate", Err: &ValidationError{Field: "EmbedParams", Rule: "required"}})
	}
	u, err := url.Parse(p.TradingURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, s.client.refuse(ctx, opRegister, &EmbedError{Step: "validate", Err: &ValidationError{Field: "EmbedParams.TradingURL", Rule: "absolute http(s) URL of the trading UI page"}})
	}
	if err := p.Customer.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opRegister, &EmbedError{Step: "validate", Err: err})
	}
	device := p.Device
	if device == 0 {
		device = p.Customer.Source
	}
	login := &LoginParams{Device: device, Password: p.Customer.Password}
	if p.Customer.Phone != "" {
		login.Type, login.LoginName, login.PhoneArea = LoginPhone, p.Customer.Phone, p.Customer.PhoneArea
		if login.PhoneArea == "" {
			login.PhoneArea = "+86" // the area the server registered it under
		}
	} else {
		login.Type, login.LoginName = LoginEmail, p.Customer.Email
	}
	if err := login.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opClientLogin, &EmbedError{Step: "validate", Err: err})
	}

	ens, err := s.client.Customers.ensure(ctx, &p.Customer, false, opts)
	if err != nil {
		return nil, &EmbedError{Step: "ensure-registered", Err: err}
	}
	l, err := s.Login(ctx, login, append(slices.Clip(opts), withTraceSuffix("-login"))...)
	if err != nil {
		return nil, &EmbedError{Step: "login", Err: err}
	}
	q := u.Query()
	q.Set("tsource", l.Token)
	u.RawQuery = q.Encode()
	no := string(l.CustomerNo)
	if no == "" {
		no = ens.CustomerNo
	}
	return &EmbedLink{URL: u.String(), CustomerNo: no, Registered: ens.Created}, nil
}
