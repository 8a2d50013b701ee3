package multimarkets

import (
	"context"
	"log/slog"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// CustomerService registers customers and reads them.
type CustomerService service

var opRegister = defineOp(&operation{Name: "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc", Write: true})

// RegisterParams is a new customer for Customers.Register. Give a phone
// number, an e-mail address or both, a password, a country, a source and a
// customer group.
type RegisterParams struct {
	// Phone is the mobile number without the area code, digits only.
	// Required unless Email is given.
	Phone string
	// PhoneArea is the phone's area code such as "+86" (the server assumes
	// +86 when empty).
	PhoneArea string
	// Email is the customer's e-mail address. Required unless Phone is given.
	Email string
	// EmailArea is the area code kept with the e-mail address, such as "+86".
	EmailArea string
	// Password is the login password: PlainPassword("…") (the SDK sends
	// its MD5) or HashedPassword(md5hex). Required.
	Password Password
	// Country is the ISO 3166-1 alpha-2 code, e.g. "US". Required.
	Country string
	// Source is where the customer registered. Required.
	Source RegisterSource
	// CustomerGroupID is the customer group (1 is the default group).
	// Required, > 0.
	CustomerGroupID int64
	// TradeTypeCurrencies lists the accounts to open: trading mode and
	// currency; it must match the customer group's configuration.
	TradeTypeCurrencies []TradeTypeCurrency
	// Remark is a free-text note.
	Remark string
	// Device is the registration device's model.
	Device string
	// UTMSource, UTMMedium, UTMCampaign, UTMContent and UTMTerm are the
	// account-opening link's campaign parameters.
	UTMSource, UTMMedium, UTMCampaign, UTMContent, UTMTerm string
	// ThirdPartyCode is the customer's unique ID in the caller's own system
	// (thirdServerCode, at most 50 characters); it lets a lost answer be
	// reconciled.
	ThirdPartyCode string
}

// LogValue logs the params with the phone and e-mail masked and without the
// password.
func (p RegisterParams) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("phone", maskPhone(p.Phone)), slog.String("phoneArea", p.PhoneArea),
		slog.String("email", maskEmail(p.Email)), slog.String("country", p.Country),
		slog.String("source", p.Source.String()), slog.Int64("customerGroupId", p.CustomerGroupID),
		slog.String("thirdPartyCode", p.ThirdPartyCode),
	)
}

var (
	areaCodeRE = regexp.MustCompile(`^\+[1-9][0-9]{0,3}$`)
	phoneRE    = regexp.MustCompile(`^[0-9]{4,20}$`)
)

// Validate checks the params against the documented rules, naming the field
// and the rule of the first problem. Register calls it before sending.
func (p *RegisterParams) Validate() error {
	const s = "RegisterParams."
	if p.Phone == "" && p.Email == "" {
		return &ValidationError{Field: s + "Phone", Rule: "phone or e-mail required (give at least one)"}
	}
	if p.Phone != "" && !phoneRE.MatchString(p.Phone) {
		return &ValidationError{Field: s + "Phone", Rule: "4 to 20 digits, without area code or spaces"}
	}
	if p.PhoneArea != "" && !areaCodeRE.MatchString(p.PhoneArea) {
		return &ValidationError{Field: s + "PhoneArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	if p.Email != "" && !validEmail(p.Email) {
		return &ValidationError{Field: s + "Email", Rule: "e-mail address like name@example.com"}
	}
	if p.EmailArea != "" && !areaCodeRE.MatchString(p.EmailArea) {
		return &ValidationError{Field: s + "EmailArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	if err := p.Password.validate(s + "Password"); err != nil {
		return err
	}
	if !ValidCountry(p.Country) {
		return &ValidationError{Field: s + "Country", Rule: "ISO 3166-1 alpha-2 country code in upper case, e.g. US"}
	}
	if !p.Source.Valid() {
		return &ValidationError{Field: s + "Source", Rule: "registration source 1..9 (SourceH5 … SourceOther)"}
	}
	if p.CustomerGroupID <= 0 {
		return &ValidationError{Field: s + "CustomerGroupID", Rule: "must be > 0 (1 is the default group)"}
	}
	for _, t := range p.TradeTypeCurrencies {
		if t.TradeType <= 0 {
			return &ValidationError{Field: s + "TradeTypeCurrencies.TradeType", Rule: "must be > 0"}
		}
		if t.Currency == "" {
			return &ValidationError{Field: s + "TradeTypeCurrencies.Currency", Rule: "required, e.g. USDT"}
		}
	}
	if utf8.RuneCountInString(p.ThirdPartyCode) > 50 {
		return &ValidationError{Field: s + "ThirdPartyCode", Rule: "at most 50 characters"}
	}
	return nil
}

func validEmail(e string) bool {
	if len(e) > 254 || strings.ContainsAny(e, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(e, '@')
	domain := e[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// registerBody is the wire form of RegisterParams. "phone" is required by
// the schema, so it is sent (as "") even for e-mail-only registrations,
// which the server accepts (USCUSTOMER_API_0000105 names phone OR e-mail as
// the rule).
type registerBody struct {
	Phone                 string              `json:"phone"`
	PhoneArea             string              `json:"phoneArea,omitempty"`
	Email                 string              `json:"email,omitempty"`
	EmailArea             string              `json:"emailArea,omitempty"`
	Pwd                   string              `json:"pwd"`
	Country               string              `json:"country"`
	RegisterSource        int                 `json:"registerSource"`
	CustomerGroupID       int64               `json:"customerGroupId"`
	TradeTypeCurrencyList []TradeTypeCurrency `json:"tradeTypeCurrencyList,omitempty"`
	Remark                string              `json:"remark,omitempty"`
	RegisterDevice        string              `json:"registerDevice,omitempty"`
	UTMSource             string              `json:"utmSource,omitempty"`
	UTMMedium             string              `json:"utmMedium,omitempty"`
	UTMCampaign           string              `json:"utmCampaign,omitempty"`
	UTMContent            string              `json:"utmContent,omitempty"`
	UTMTerm               string              `json:"utmTerm,omitempty"`
	ThirdServerCode       string              `json:"thirdServerCode,omitempty"`
}

// Registration is a registered customer.
type Registration struct {
	// CustomerNo is the customer number MultiMarkets issued.
	CustomerNo string
	// Trace is the trace of the request that registered the customer.
	Trace string
}

// Register creates a customer and opens its accounts
// (customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc).
// The params are validated before anything is sent. Registration is a write:
// it is never resent once it may have reached the server; if the answer is
// lost the error is an *UnknownOutcomeError (see EnsureRegistered).
// A phone or e-mail already registered fails with an *APIError matching
// ErrDuplicatePhone or ErrDuplicateEmail.
func (s *CustomerService) Register(ctx context.Context, p *RegisterParams, opts ...RequestOption) (*Registration, error) {
	if p == nil {
		return nil, &ValidationError{Field: "RegisterParams", Rule: "required"}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	body := registerBody{
		Phone: p.Phone, PhoneArea: p.PhoneArea, Email: p.Email, EmailArea: p.EmailArea,
		Pwd: p.Password.md5hex, Country: p.Country, RegisterSource: int(p.Source), CustomerGroupID: p.CustomerGroupID,
		TradeTypeCurrencyList: p.TradeTypeCurrencies, Remark: p.Remark, RegisterDevice: p.Device,
		UTMSource: p.UTMSource, UTMMedium: p.UTMMedium, UTMCampaign: p.UTMCampaign, UTMContent: p.UTMContent, UTMTerm: p.UTMTerm,
		ThirdServerCode: p.ThirdPartyCode,
	}
	var meta Response
	no, err := call[FlexString](ctx, s.client, opRegister, body, append(opts, WithResponseInto(&meta)))
	if err != nil {
		return nil, err
	}
	if no == "" {
		return nil, &ResponseError{Operation: opRegister.Name, HTTPStatus: meta.HTTPStatus, Trace: meta.Trace, Reason: "success without a customer number"}
	}
	return &Registration{CustomerNo: string(no), Trace: meta.Trace}, nil
}
