package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// CustomerService registers customers and reads them.
type CustomerService service

var opRegister = defineOp(&operation{Name: "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"})

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
	// currency; it must match the customer group's configuration. Empty
	// lets the server open the group's default accounts. Bonuses
	// (Bonuses.Issue) go to a spot account: list {TradeTypeSpot, currency}
	// for a customer who is to receive them (the SDK has no operation that
	// opens an account later).
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

// String describes the params with the phone and e-mail masked and without
// the password, so %v and %+v do not print personal data.
func (p RegisterParams) String() string {
	return "RegisterParams{phone: " + p.PhoneArea + " " + redact.Phone(p.Phone) + ", email: " + redact.Personal(p.Email) +
		", country: " + p.Country + ", source: " + p.Source.String() + ", group: " + strconv.FormatInt(p.CustomerGroupID, 10) +
		", password: " + redacted + "}"
}

// GoString is String, for %#v.
func (p RegisterParams) GoString() string { return p.String() }

// Format prints String under every fmt verb (%d, %x, %q, %+v, …).
func (p RegisterParams) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// LogValue logs the params with the phone and e-mail masked and without the
// password.
func (p RegisterParams) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("phone", redact.Phone(p.Phone)), slog.String("phoneArea", p.PhoneArea),
		slog.String("email", redact.Personal(p.Email)), slog.String("country", p.Country),
		slog.String("source", p.Source.String()), slog.Int64("customerGroupId", p.CustomerGroupID),
		slog.String("thirdPartyCode", p.ThirdPartyCode),
	)
}

// validAreaCode reports whether s is an area code like "+86": "+", a digit
// 1-9, then at most 3 more digits (the pattern ^\+[1-9][0-9]{0,3}$, checked
// without a regexp: registration validates on every call).
func validAreaCode(s string) bool {
	if len(s) < 2 || len(s) > 5 || s[0] != '+' || s[1] == '0' {
		return false
	}
	return allDigits(s[1:])
}

// validPhone reports whether s is 4 to 20 ASCII digits (^[0-9]{4,20}$).
func validPhone(s string) bool {
	return len(s) >= 4 && len(s) <= 20 && allDigits(s)
}

// Validate checks the params against the documented rules, naming the field
// and the rule of the first problem. Register calls it before sending.
func (p *RegisterParams) Validate() error {
	const s = "RegisterParams."
	if p.Phone == "" && p.Email == "" {
		return &ValidationError{Field: s + "Phone", Rule: "phone or e-mail required (give at least one)"}
	}
	if p.Phone != "" && !validPhone(p.Phone) {
		return &ValidationError{Field: s + "Phone", Rule: "4 to 20 digits, without area code or spaces"}
	}
	if p.PhoneArea != "" && !validAreaCode(p.PhoneArea) {
		return &ValidationError{Field: s + "PhoneArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	if p.Email != "" && !validEmail(p.Email) {
		return &ValidationError{Field: s + "Email", Rule: "e-mail address like name@example.com"}
	}
	if p.EmailArea != "" && !validAreaCode(p.EmailArea) {
		return &ValidationError{Field: s + "EmailArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	if err := p.Password.validate(s + "Password"); err != nil {
		return err
	}
	if rule := countryRule(p.Country); rule != "" {
		return &ValidationError{Field: s + "Country", Rule: rule}
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
	Phone                 string                  `json:"phone"`
	PhoneArea             string                  `json:"phoneArea,omitempty"`
	Email                 string                  `json:"email,omitempty"`
	EmailArea             string                  `json:"emailArea,omitempty"`
	Pwd                   string                  `json:"pwd"`
	Country               string                  `json:"country"`
	RegisterSource        int                     `json:"registerSource"`
	CustomerGroupID       int64                   `json:"customerGroupId"`
	TradeTypeCurrencyList []tradeTypeCurrencyWire `json:"tradeTypeCurrencyList,omitempty"`
	Remark                string                  `json:"remark,omitempty"`
	RegisterDevice        string                  `json:"registerDevice,omitempty"`
	UTMSource             string                  `json:"utmSource,omitempty"`
	UTMMedium             string                  `json:"utmMedium,omitempty"`
	UTMCampaign           string                  `json:"utmCampaign,omitempty"`
	UTMContent            string                  `json:"utmContent,omitempty"`
	UTMTerm               string                  `json:"utmTerm,omitempty"`
	ThirdServerCode       string                  `json:"thirdServerCode,omitempty"`
}

// encode writes the body as json.Marshal writes it (field order,
// omitempty, string escapes; FuzzRegisterBodyJSON compares them), without
// reflection and into a buffer of the exact length when no string needs an
// escape: registration is the SDK's hottest write. Its numbers are integers,
// so PlainNumbers has nothing to change.
func (b *registerBody) encode() encodedBody {
	type member struct {
		name, v   string
		omitEmpty bool
	}
	// The string members before and after the numbers and the list, in
	// the struct's (the wire's) order.
	head := [...]member{{"phone", b.Phone, false}, {"phoneArea", b.PhoneArea, true}, {"email", b.Email, true},
		{"emailArea", b.EmailArea, true}, {"pwd", b.Pwd, false}, {"country", b.Country, false}}
	tail := [...]member{{"remark", b.Remark, true}, {"registerDevice", b.RegisterDevice, true},
		{"utmSource", b.UTMSource, true}, {"utmMedium", b.UTMMedium, true}, {"utmCampaign", b.UTMCampaign, true},
		{"utmContent", b.UTMContent, true}, {"utmTerm", b.UTMTerm, true}, {"thirdServerCode", b.ThirdServerCode, true}}

	// n is the length without escapes; the first member's "{" is counted
	// as the others' ",".
	var digits [20]byte
	n := len(`,"registerSource":,"customerGroupId":}`) + len(strconv.AppendInt(digits[:0], int64(b.RegisterSource), 10)) +
		len(strconv.AppendInt(digits[:0], b.CustomerGroupID, 10))
	for _, members := range [...][]member{head[:], tail[:]} {
		for _, m := range members {
			if !m.omitEmpty || m.v != "" {
				n += len(`,"":""`) + len(m.name) + len(m.v)
			}
		}
	}
	if len(b.TradeTypeCurrencyList) > 0 {
		n += len(`,"tradeTypeCurrencyList":[]`) + len(b.TradeTypeCurrencyList) - 1
		for _, t := range b.TradeTypeCurrencyList {
			n += len(`{"allCurrency":"","tradeType":""}`) + len(t.AllCurrency) + len(t.TradeType)
		}
	}

	dst := make([]byte, 0, n)
	sep := byte('{')
	write := func(members []member) {
		for _, m := range members {
			if m.omitEmpty && m.v == "" {
				continue
			}
			dst = append(dst, sep, '"')
			dst = append(dst, m.name...)
			dst = append(dst, '"', ':')
			dst = jsonscan.AppendString(dst, m.v)
			sep = ','
		}
	}
	write(head[:])
	dst = append(dst, `,"registerSource":`...)
	dst = strconv.AppendInt(dst, int64(b.RegisterSource), 10)
	dst = append(dst, `,"customerGroupId":`...)
	dst = strconv.AppendInt(dst, b.CustomerGroupID, 10)
	if len(b.TradeTypeCurrencyList) > 0 {
		dst = append(dst, `,"tradeTypeCurrencyList":[`...)
		for i, t := range b.TradeTypeCurrencyList {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"allCurrency":`...)
			dst = jsonscan.AppendString(dst, t.AllCurrency)
			dst = append(dst, `,"tradeType":`...)
			dst = jsonscan.AppendString(dst, t.TradeType)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	write(tail[:])
	return append(dst, '}')
}

// tradeTypeCurrencyWire is TradeTypeCurrency's wire form (what its
// MarshalJSON writes), encoded directly: a MarshalJSON method costs a
// second encoder and a validation pass per element.
type tradeTypeCurrencyWire struct {
	AllCurrency string `json:"allCurrency"`
	TradeType   string `json:"tradeType"`
}

func tradeTypeCurrencyList(list []TradeTypeCurrency) []tradeTypeCurrencyWire {
	if len(list) == 0 {
		return nil
	}
	out := make([]tradeTypeCurrencyWire, len(list))
	for i, t := range list {
		out[i] = t.wire()
	}
	return out
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
//
//mm:op customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc
func (s *CustomerService) Register(ctx context.Context, p *RegisterParams, opts ...RequestOption) (*Registration, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opRegister, &ValidationError{Field: "RegisterParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opRegister, err)
	}
	body := registerBody{
		Phone: p.Phone, PhoneArea: p.PhoneArea, Email: p.Email, EmailArea: p.EmailArea,
		Pwd: p.Password.md5hex(), Country: p.Country, RegisterSource: int(p.Source), CustomerGroupID: p.CustomerGroupID,
		TradeTypeCurrencyList: tradeTypeCurrencyList(p.TradeTypeCurrencies), Remark: p.Remark, RegisterDevice: p.Device,
		UTMSource: p.UTMSource, UTMMedium: p.UTMMedium, UTMCampaign: p.UTMCampaign, UTMContent: p.UTMContent, UTMTerm: p.UTMTerm,
		ThirdServerCode: p.ThirdPartyCode,
	}
	// The trace of the request that succeeded is the check's m.Trace (the
	// one WithResponseInto would report), kept without a Response per call.
	var trace string
	no, err := callChecked(ctx, s.client, opRegister, body.encode(), opts, func(no FlexString, m Response) error {
		trace = m.Trace
		if no == "" {
			// The server says it registered the customer but not under which
			// number: look it up (EnsureRegistered) rather than register again.
			return &UnknownOutcomeError{Operation: opRegister.Name, Trace: m.Trace,
				Err: &ResponseError{Operation: opRegister.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace, Reason: "success without a customer number"}}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Registration{CustomerNo: string(no), Trace: trace}, nil
}

// ---- Looking customers up: existence, list, detail, groups, accounts ----

var (
	opCheckCustomerExist = defineOp(&operation{Name: "customer.app.CustomerWebApiService.checkCustomerExist", NoToken: true, ReadOnly: true})
	opCustomerPage       = defineOp(&operation{Name: "customer.admin.WhiteCustomerAdminApiService.page", ReadOnly: true})
	opCustomerDetail     = defineOp(&operation{Name: "customer.admin.WhiteCustomerAdminApiService.detail", ReadOnly: true})
	opCustomerGroupList  = defineOp(&operation{Name: "customer.admin.CustomerGroupAdminApiService.groupList", ReadOnly: true})
	opQueryAccountList   = defineOp(&operation{Name: "customer.admin.CustomerAdminApiService.queryAccountList", ReadOnly: true})
)

// LoginType is the vendor's "registration and login method": what kind of
// login name a customer is identified by, in Customers.Exists and
// Embed.Login, and how a customer registered (data push's registerType).
type LoginType int

// The three documented registration and login methods (checkCustomerExist
// and login's type, data push's registerType).
const (
	LoginEmail   LoginType = 1 // an e-mail address
	LoginPhone   LoginType = 2 // a mobile number (without area code)
	LoginAccount LoginType = 3 // a customer number (customer account)
)

var loginTypeNames = map[LoginType]string{LoginEmail: "email", LoginPhone: "phone", LoginAccount: "account"}

// String returns "email", "phone" or "account".
func (t LoginType) String() string { return enumName(loginTypeNames, t) }

// UnmarshalJSON accepts 2, "2", "" and null (0).
func (t *LoginType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// ExistsParams asks Customers.Exists whether a login name is registered.
type ExistsParams struct {
	// Type is what LoginName is: LoginEmail, LoginPhone or LoginAccount.
	// Required.
	Type LoginType
	// LoginName is the e-mail address, the mobile number (digits, without
	// area code) or the customer number. Required.
	LoginName string
	// PhoneArea is the phone's area code such as "+86" (the server assumes
	// +86 when empty). Only for LoginPhone.
	PhoneArea string
	// EmailArea is the area code kept with an e-mail address, such as "+86".
	EmailArea string
}

// String describes the params with the login name masked.
func (p ExistsParams) String() string {
	return "ExistsParams{type: " + p.Type.String() + ", loginName: " + redact.Personal(p.LoginName) + "}"
}

// GoString is String, for %#v.
func (p ExistsParams) GoString() string { return p.String() }

// Format prints String under every fmt verb.
func (p ExistsParams) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// LogValue logs the params with the login name masked.
func (p ExistsParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks the params, naming the field and rule of the first problem.
func (p *ExistsParams) Validate() error {
	const s = "ExistsParams."
	switch p.Type {
	case LoginEmail:
		if !validEmail(p.LoginName) {
			return &ValidationError{Field: s + "LoginName", Rule: "e-mail address like name@example.com (Type is LoginEmail)"}
		}
	case LoginPhone:
		if !validPhone(p.LoginName) {
			return &ValidationError{Field: s + "LoginName", Rule: "4 to 20 digits, without area code or spaces (Type is LoginPhone)"}
		}
	case LoginAccount:
		if err := checkCustNo(s+"LoginName", p.LoginName); err != nil {
			return err
		}
	default:
		return &ValidationError{Field: s + "Type", Rule: "LoginEmail (1), LoginPhone (2) or LoginAccount (3)"}
	}
	if p.PhoneArea != "" && !validAreaCode(p.PhoneArea) {
		return &ValidationError{Field: s + "PhoneArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	if p.EmailArea != "" && !validAreaCode(p.EmailArea) {
		return &ValidationError{Field: s + "EmailArea", Rule: `area code like "+86": "+" and 1 to 4 digits`}
	}
	return nil
}

// checkCustNo checks a customer number: the numbers MultiMarkets issues are
// decimal digits (authorization's startNumber..endNumber).
func checkCustNo(field, no string) error {
	if no == "" {
		return &ValidationError{Field: field, Rule: "required (the customer number, e.g. 86000020)"}
	}
	if !isDigits(no) || len(no) > 20 {
		return &ValidationError{Field: field, Rule: "customer number: 1 to 20 digits, e.g. 86000020"}
	}
	return nil
}

type existsBody struct {
	Type      int    `json:"type"`
	LoginName string `json:"loginName"`
	PhoneArea string `json:"phoneArea,omitempty"`
	EmailArea string `json:"emailArea,omitempty"`
}

// Exists reports whether a customer with the e-mail address, phone number or
// customer number is registered
// (customer.app.CustomerWebApiService.checkCustomerExist). It needs no
// token: the SDK sends none. A read: retried like any read.
//
//mm:op customer.app.CustomerWebApiService.checkCustomerExist
func (s *CustomerService) Exists(ctx context.Context, p *ExistsParams, opts ...RequestOption) (bool, error) {
	if p == nil {
		return false, s.client.refuse(ctx, opCheckCustomerExist, &ValidationError{Field: "ExistsParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return false, s.client.refuse(ctx, opCheckCustomerExist, err)
	}
	v, err := callChecked(ctx, s.client, opCheckCustomerExist,
		existsBody{Type: int(p.Type), LoginName: p.LoginName, PhoneArea: p.PhoneArea, EmailArea: p.EmailArea},
		opts, func(v FlexInt64, m Response) error {
			if v != 1 && v != 2 {
				return &ResponseError{Operation: opCheckCustomerExist.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace,
					Reason: "existence answer is neither 1 (exists) nor 2 (does not exist)"}
			}
			return nil
		})
	return err == nil && v == 1, err
}

// MaxCustomerPageSize is the largest page Customers.List may ask for
// (the vendor's limit of 2,000 customers a page).
const MaxCustomerPageSize = 2000

// CustomerListParams selects a page of customers for Customers.List and
// Customers.ListAll. The zero value lists every customer.
type CustomerListParams struct {
	// CustomerNo restricts the list to one customer number; empty lists all.
	CustomerNo string
	// PageNo is the 1-based page number; 0 means 1. Customers.ListAll starts at it.
	PageNo int
	// PageSize is the number of customers a page, 1..MaxCustomerPageSize;
	// 0 means DefaultPageSize for List and MaxCustomerPageSize for ListAll.
	PageSize int
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *CustomerListParams) Validate() error {
	const s = "CustomerListParams."
	if p.CustomerNo != "" {
		if err := checkCustNo(s+"CustomerNo", p.CustomerNo); err != nil {
			return err
		}
	}
	if p.PageNo < 0 {
		return &ValidationError{Field: s + "PageNo", Rule: "must be >= 1 (0 means 1)"}
	}
	if p.PageSize < 0 || p.PageSize > MaxCustomerPageSize {
		return &ValidationError{Field: s + "PageSize", Rule: "1 to 2000 (0 means the default)"}
	}
	return nil
}

// customerPageBody is page's request. customerNo is required by the schema
// even when not filtering, so it is always sent: null when empty, as in the
// vendor's example (omitempty would drop the key).
type customerPageBody struct {
	CustomerNo *string `json:"customerNo"`
	Size       int     `json:"size"`
	Current    int     `json:"current"`
}

// customerPageData is page's answer. The records are decoded straight into
// their wire form (one pass over the page, no second json.Unmarshal per
// record as Customer.UnmarshalJSON does) and converted in page. listPage
// decodes into a scratch slice from customerWirePool, so a page costs one
// records slice (the []Customer the caller gets), not two.
type customerPageData struct {
	Current FlexInt64      `json:"current"`
	Size    FlexInt64      `json:"size"`
	Total   FlexInt64      `json:"total"`
	Records []customerWire `json:"records"`
}

// List returns one page of customers
// (customer.admin.WhiteCustomerAdminApiService.page), newest registrations
// as the server orders them. Page.HasNext says whether another page
// follows; Customers.ListAll walks every page. A read.
//
//mm:op customer.admin.WhiteCustomerAdminApiService.page
func (s *CustomerService) List(ctx context.Context, p *CustomerListParams, opts ...RequestOption) (*Page[Customer], error) {
	if p == nil {
		p = &CustomerListParams{}
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCustomerPage, err)
	}
	size := p.PageSize
	if size == 0 {
		size = DefaultPageSize
	}
	return s.listPage(ctx, p.CustomerNo, max(p.PageNo, 1), size, opts)
}

func (s *CustomerService) listPage(ctx context.Context, customerNo string, pageNo, size int, opts []RequestOption) (*Page[Customer], error) {
	body := customerPageBody{Size: size, Current: pageNo}
	if customerNo != "" {
		body.CustomerNo = &customerNo
	}
	d, err := callFrom(ctx, s.client, opCustomerPage, body, opts, customerPageData{Records: takeCustomerWires()}, nil)
	if err != nil {
		return nil, err
	}
	pg := d.page(pageNo, size)
	putCustomerWires(d.Records)
	return pg, nil
}

// customerWirePool holds scratch record slices for listPage, cleared
// (every element up to the capacity) when put back: encoding/json decodes
// into a slice's existing elements without zeroing them, so a field absent
// from one page would otherwise keep the previous page's value.
var customerWirePool sync.Pool // of *[]customerWire

// takeCustomerWires returns an empty slice whose elements up to its
// capacity are zero, pooled when one is free; nil otherwise (encoding/json
// then allocates as usual).
func takeCustomerWires() []customerWire {
	if p, ok := customerWirePool.Get().(*[]customerWire); ok {
		return (*p)[:0]
	}
	return nil
}

// putCustomerWires clears s up to its capacity and pools it. A slice
// larger than a full page (a server ignoring the page size) is left to the
// garbage collector, so the pool never pins more than a page's worth.
func putCustomerWires(s []customerWire) {
	if cap(s) == 0 || cap(s) > 2*MaxCustomerPageSize {
		return
	}
	s = clearCustomerWires(s)
	customerWirePool.Put(&s)
}

// clearCustomerWires zeroes s up to its capacity and returns it empty.
func clearCustomerWires(s []customerWire) []customerWire {
	s = s[:cap(s)]
	clear(s)
	return s[:0]
}

// page makes the Page of answer d to the request for page pageNo of size.
// An answer without records has none: Records is then nil (null) or still
// the empty scratch slice listPage passed in (no "records" key; "[]"
// decodes to a fresh slice of capacity 0 and keeps its empty Items).
func (d *customerPageData) page(pageNo, size int) *Page[Customer] {
	var items []Customer
	if d.Records != nil && (len(d.Records) > 0 || cap(d.Records) == 0) {
		items = make([]Customer, len(d.Records))
		for i := range d.Records {
			items[i] = d.Records[i].customer()
		}
	}
	pg := &Page[Customer]{Items: items, Total: int64(d.Total), PageNo: pageNo, PageSize: size}
	// A server that caps the page size reports the size it used; page
	// numbers count in that size, so HasNext must too.
	if d.Size > 0 && int(d.Size) < size {
		pg.PageSize = int(d.Size)
	}
	return pg
}

// ListAll returns an iterator over every customer matching p, from p.PageNo on.
// It fetches a page (p.PageSize customers, MaxCustomerPageSize by default)
// only when the previous one is consumed, so memory stays at one page
// whatever the list's length. It stops at the last page, when the loop
// breaks, or when ctx ends; an error (invalid params, a failed page,
// ctx.Err()) is yielded once and ends the iteration.
//
//	for c, err := range client.Customers.ListAll(ctx, nil) {
//		if err != nil { return err }
//		fmt.Println(c.CustomerNo)
//	}
func (s *CustomerService) ListAll(ctx context.Context, p *CustomerListParams, opts ...RequestOption) iter.Seq2[Customer, error] {
	q := CustomerListParams{}
	if p != nil {
		q = *p
	}
	if q.PageSize == 0 {
		q.PageSize = MaxCustomerPageSize
	}
	return listAll(ctx, &q, func(q *CustomerListParams) *int { return &q.PageNo }, s.List, opts)
}

// CustomerStatus is a customer's state (status in page and detail, and of
// the register and customer_update push events).
type CustomerStatus int

// The documented customer states.
const (
	CustomerNormal   CustomerStatus = 1 // active
	CustomerDisabled CustomerStatus = 2 // disabled by the broker
	CustomerDeleted  CustomerStatus = 3 // deleted
	CustomerClosed   CustomerStatus = 4 // account closed
	CustomerLocked   CustomerStatus = 5 // locked (e.g. too many wrong passwords)
	CustomerClosing  CustomerStatus = 6 // closing the account
)

var customerStatusNames = map[CustomerStatus]string{
	CustomerNormal:   "normal",
	CustomerDisabled: "disabled",
	CustomerDeleted:  "deleted",
	CustomerClosed:   "closed",
	CustomerLocked:   "locked",
	CustomerClosing:  "closing",
}

// String names the state ("normal", "disabled", …).
func (s CustomerStatus) String() string { return enumName(customerStatusNames, s) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (s *CustomerStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// CustomerType is the kind of customer (customerType).
type CustomerType int

// The documented customer types.
const (
	CustomerTypeDefault            CustomerType = 0 // an ordinary customer
	CustomerTypeAgent              CustomerType = 1 // an agent (introducing broker)
	CustomerTypeCredit             CustomerType = 2 // a credit customer
	CustomerTypeActivitySettlement CustomerType = 3 // an activity (bonus) settlement account
)

var customerTypeNames = map[CustomerType]string{
	CustomerTypeDefault:            "default",
	CustomerTypeAgent:              "agent",
	CustomerTypeCredit:             "credit",
	CustomerTypeActivitySettlement: "activity settlement",
}

// String names the type ("default", "agent", "credit", "activity settlement").
func (t CustomerType) String() string { return enumName(customerTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *CustomerType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// OpenAccountType says whether the customer is a person or a business.
type OpenAccountType int

// The documented account-holder types.
const (
	OpenAccountIndividual OpenAccountType = 0 // a natural person
	OpenAccountBusiness   OpenAccountType = 1 // a company
)

var openAccountTypeNames = map[OpenAccountType]string{
	OpenAccountIndividual: "individual",
	OpenAccountBusiness:   "business",
}

// String returns "individual" or "business".
func (t OpenAccountType) String() string { return enumName(openAccountTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *OpenAccountType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// KYCAuditStatus is the state of the registration KYC review
// (kycAuditStatus in detail and in the register push event).
type KYCAuditStatus int

// The documented KYC review states.
const (
	KYCNotCertified KYCAuditStatus = 0 // not submitted
	KYCPending      KYCAuditStatus = 1 // waiting for review
	KYCApproved     KYCAuditStatus = 2 // review passed
	KYCRejected     KYCAuditStatus = 3 // review failed; see KYCAuditRemark
)

var kycAuditStatusNames = map[KYCAuditStatus]string{
	KYCNotCertified: "not certified",
	KYCPending:      "pending",
	KYCApproved:     "approved",
	KYCRejected:     "rejected",
}

// String names the state ("not certified", "pending", "approved", "rejected").
func (s KYCAuditStatus) String() string { return enumName(kycAuditStatusNames, s) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (s *KYCAuditStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// GroupType is a customer group's kind (type in groupList, detail).
type GroupType int

// The documented group types.
const (
	GroupReal  GroupType = 0 // real money
	GroupDemo  GroupType = 1 // test / simulated
	GroupGuest GroupType = 2 // visitor
)

var groupTypeNames = map[GroupType]string{GroupReal: "real", GroupDemo: "demo", GroupGuest: "guest"}

// String returns "real", "demo" or "guest".
func (t GroupType) String() string { return enumName(groupTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *GroupType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// Customer is one customer as the customer list returns it. Times are in
// UTC; a zero time means the server sent none. String and LogValue mask the
// phone, e-mail and ID-card number.
type Customer struct {
	// ID is the customer's numeric ID (customerId in other operations).
	ID int64
	// CustomerNo is the customer number (the customer's account).
	CustomerNo string
	// CompanyID is the white label's company ID.
	CompanyID int64
	// GroupID is the customer group's ID (the CustomerGroupID the trading
	// calls ask for).
	GroupID   int64
	GroupName string // the customer group's name
	// Type is the kind of customer.
	Type CustomerType
	// Status is the customer's state.
	Status CustomerStatus
	// OpenAccountType says whether the customer is a person or a business.
	OpenAccountType OpenAccountType
	// RegisterSource is where the customer registered.
	RegisterSource RegisterSource
	// Phone, PhoneArea and Email are the contact details.
	Phone, PhoneArea, Email string
	// Name, FirstName and LastName are the names on file.
	Name, FirstName, LastName string
	// IDCard and IDCardType are the identity document's number and type.
	IDCard, IDCardType string
	// AgentCustomerNo is the customer number of the customer's agent.
	AgentCustomerNo string
	// Remark is the back-office note.
	Remark string
	// UnitID is the ID of the institution the customer belongs to.
	UnitID   int64
	UnitName string // the institution's name
	// ThirdAccountNo, ThirdLoginSource and ThirdUserID describe a
	// third-party (social) login.
	ThirdAccountNo, ThirdLoginSource, ThirdUserID string
	// TelegramUserID and TelegramUserName describe a Telegram login.
	TelegramUserID, TelegramUserName string
	// CreatedAt is the registration (application) time.
	CreatedAt time.Time
	// UpdatedAt is the last change.
	UpdatedAt time.Time
	// LastLoginAt is the last login.
	LastLoginAt time.Time
	// FirstActivatedAt is the first activation of a trading account.
	FirstActivatedAt time.Time
}

type customerWire struct {
	ID                       FlexInt64  `json:"id"`
	CustomerNo               FlexString `json:"customerNo"`
	CompanyID                FlexInt64  `json:"companyId"`
	CustomerGroupID          FlexInt64  `json:"customerGroupId"`
	CustomerGroupName        string     `json:"customerGroupName"`
	CustomerType             FlexInt64  `json:"customerType"`
	Status                   FlexInt64  `json:"status"`
	OpenAccountType          FlexInt64  `json:"openAccountType"`
	RegisterSource           FlexInt64  `json:"registerSource"`
	Phone                    FlexString `json:"phone"`
	PhoneArea                string     `json:"phoneArea"`
	Email                    string     `json:"email"`
	Name                     string     `json:"name"`
	FirstName                string     `json:"firstName"`
	LastName                 string     `json:"lastName"`
	IDCard                   FlexString `json:"idCard"`
	IDCardType               FlexString `json:"idCardType"`
	AgentCustomerNo          FlexString `json:"agentCustomerNo"`
	Remark                   string     `json:"remark"`
	UnitID                   FlexInt64  `json:"unitId"`
	UnitName                 string     `json:"unitName"`
	ThirdAccountNo           FlexString `json:"thirdAccountNo"`
	ThirdLoginSource         string     `json:"thirdLoginSource"`
	ThirdUserID              FlexString `json:"thirdUserId"`
	TgUserID                 FlexString `json:"tgUserId"`
	TgUserName               string     `json:"tgUserName"`
	CreateTime               MilliTime  `json:"createTime"`
	UpdateTime               MilliTime  `json:"updateTime"`
	LoginTime                MilliTime  `json:"loginTime"`
	FirstAccountActivateTime MilliTime  `json:"firstAccountActivateTime"`
}

// UnmarshalJSON reads a customer record (WhiteCustomerAdminPageVO),
// accepting IDs and numbers both as JSON numbers and as strings.
func (c *Customer) UnmarshalJSON(b []byte) error {
	var w customerWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = w.customer()
	return nil
}

func (w *customerWire) customer() Customer {
	return Customer{
		ID: int64(w.ID), CustomerNo: string(w.CustomerNo), CompanyID: int64(w.CompanyID),
		GroupID: int64(w.CustomerGroupID), GroupName: w.CustomerGroupName,
		Type: CustomerType(w.CustomerType), Status: CustomerStatus(w.Status),
		OpenAccountType: OpenAccountType(w.OpenAccountType), RegisterSource: RegisterSource(w.RegisterSource),
		Phone: string(w.Phone), PhoneArea: w.PhoneArea, Email: w.Email,
		Name: w.Name, FirstName: w.FirstName, LastName: w.LastName,
		IDCard: string(w.IDCard), IDCardType: string(w.IDCardType), AgentCustomerNo: string(w.AgentCustomerNo),
		Remark: w.Remark, UnitID: int64(w.UnitID), UnitName: w.UnitName,
		ThirdAccountNo: string(w.ThirdAccountNo), ThirdLoginSource: w.ThirdLoginSource, ThirdUserID: string(w.ThirdUserID),
		TelegramUserID: string(w.TgUserID), TelegramUserName: w.TgUserName,
		CreatedAt: w.CreateTime.Time, UpdatedAt: w.UpdateTime.Time, LastLoginAt: w.LoginTime.Time,
		FirstActivatedAt: w.FirstAccountActivateTime.Time,
	}
}

// String describes the customer by number, ID and state, with the phone and
// e-mail masked.
func (c Customer) String() string {
	return "Customer{no: " + c.CustomerNo + ", id: " + strconv.FormatInt(c.ID, 10) + ", status: " + c.Status.String() +
		", phone: " + redact.Phone(c.Phone) + ", email: " + redact.Personal(c.Email) + "}"
}

// LogValue logs the customer without personal data in clear.
func (c Customer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("customerNo", c.CustomerNo), slog.Int64("id", c.ID),
		slog.String("status", c.Status.String()), slog.Int64("groupId", c.GroupID),
		slog.String("phone", redact.Phone(c.Phone)), slog.String("email", redact.Personal(c.Email)))
}

// GoString is String, for %#v.
func (c Customer) GoString() string { return c.String() }

// Format prints String under every fmt verb (%d, %x, %q, %+v, …), so no
// verb prints the names, contact details or identity document.
func (c Customer) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// DetailSection is the part of a customer's record Customers.Get returns
// (the detail operation's type field).
type DetailSection string

// The documented detail sections.
const (
	DetailBaseInfo     DetailSection = "baseInfo"     // basic information
	DetailTradeAccount DetailSection = "tradeAccount" // trading accounts (AccountList)
	DetailKYC          DetailSection = "kyc"          // KYC information
	DetailAllKYC       DetailSection = "allKyc"       // the page's detailed KYC information
	DetailBankList     DetailSection = "bankList"     // bank cards
	DetailWalletList   DetailSection = "walletList"   // wallet addresses
	DetailOtherInfo    DetailSection = "otherInfo"    // other
)

func (d DetailSection) valid() bool {
	switch d {
	case DetailBaseInfo, DetailTradeAccount, DetailKYC, DetailAllKYC, DetailBankList, DetailWalletList, DetailOtherInfo:
		return true
	}
	return false
}

// CustomerDetailParams names the customer for Customers.Get: its number,
// as Customers.Register returns it, and optionally its numeric ID.
type CustomerDetailParams struct {
	// CustomerNo is the customer number (Registration.CustomerNo). Required.
	CustomerNo string
	// CustomerID is the customer's numeric ID (Customer.ID). The detail
	// operation needs both ID and number; 0 makes Get look the ID up in the
	// customer list by CustomerNo first (one more request).
	CustomerID int64
	// Section is the part of the record to return; empty means DetailBaseInfo.
	Section DetailSection
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *CustomerDetailParams) Validate() error {
	const s = "CustomerDetailParams."
	if err := checkCustNo(s+"CustomerNo", p.CustomerNo); err != nil {
		return err
	}
	if p.CustomerID < 0 {
		return &ValidationError{Field: s + "CustomerID", Rule: "must be >= 0 (Customer.ID; 0: looked up by CustomerNo)"}
	}
	if p.Section != "" && !p.Section.valid() {
		return &ValidationError{Field: s + "Section", Rule: "one of the Detail… constants (baseInfo, tradeAccount, kyc, allKyc, bankList, walletList, otherInfo)"}
	}
	return nil
}

// customerDetailBody is detail's request; the schema types id as a string.
type customerDetailBody struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	CustomerNo string `json:"customerNo"`
}

// CustomerDetail is a customer's full record (CustomerAllInfoVO). Which
// fields are filled depends on the requested DetailSection. Times are in
// UTC; the zero time means none was sent.
type CustomerDetail struct {
	Customer
	// Country is the ISO 3166-1 alpha-2 country code.
	Country string
	// Address and PostalCode are the mailing address.
	Address, PostalCode string
	// GroupType is the customer group's kind (real, demo, guest).
	GroupType GroupType
	// KYCStatus is the customer's KYC status code (wire kycStatus).
	KYCStatus int
	// KYCRemark is the server's name for KYCStatus (wire kycRemark).
	KYCRemark string
	// KYCAuditStatus is the state of the registration KYC review.
	KYCAuditStatus KYCAuditStatus
	// KYCAuditRemark is the reviewer's note; not empty when the review
	// failed (KYCRejected).
	KYCAuditRemark string
	// CompanyKYCOpen reports whether company KYC account opening is on.
	CompanyKYCOpen bool
	// ActivateStatus is the activation status code as the server sends it.
	ActivateStatus int
	ActivatedAt    time.Time // activation time (wire activateTime)
	// RegisteredAt is the registration time.
	RegisteredAt time.Time
	// CanDeposit and CanWithdraw report the deposit and withdrawal rights.
	CanDeposit, CanWithdraw bool
	// IsFundManager reports whether the customer manages a fund.
	IsFundManager bool
	// MFAEnabled reports whether Google authenticator (MFA) is on.
	MFAEnabled bool
	// APICheckSwitch reports whether API verification is on.
	APICheckSwitch bool
	APICheckRule   string // API verification methods, comma-separated: "1" e-mail, "2" SMS, "3" Google MFA
	// Source and UTMSource are where the customer came from.
	Source, UTMSource string
	// ThirdServerCode is the customer's ID in the caller's own system, as
	// given at registration.
	ThirdServerCode string
	// RelationCustomerID is an associated customer's ID.
	RelationCustomerID int64
	// AssociationCompanyID is an associated company's ID.
	AssociationCompanyID int64
	// CompanyType is the company's type ("real", "demo").
	CompanyType string
	// CustomerAgentMark identifies the customer's agent.
	CustomerAgentMark string
	// AccountRemark is the trading-account note flag.
	AccountRemark string
	// AccountList, EarlyWarningLevel, ForceLevel and WithdrawLevel are the
	// objects the spec leaves undescribed, as the server sent them.
	AccountList, EarlyWarningLevel, ForceLevel, WithdrawLevel json.RawMessage
}

type customerDetailWire struct {
	customerWire
	Country              string          `json:"country"`
	Address              string          `json:"address"`
	PostalCode           FlexString      `json:"postalCode"`
	Type                 FlexInt64       `json:"type"`
	KYCStatus            FlexInt64       `json:"kycStatus"`
	KYCRemark            string          `json:"kycRemark"`
	KYCAuditStatus       FlexInt64       `json:"kycAuditStatus"`
	KYCAuditRemark       string          `json:"kycAuditRemark"`
	CompanyKYCStatus     FlexInt64       `json:"companyKycStatus"`
	ActivateStatus       FlexInt64       `json:"activateStatus"`
	ActivateTime         MilliTime       `json:"activateTime"`
	RegisterTime         MilliTime       `json:"registerTime"`
	Deposit              FlexInt64       `json:"deposit"`
	Withdraw             FlexInt64       `json:"withdraw"`
	IsFund               FlexInt64       `json:"isFund"`
	GoogleID             FlexInt64       `json:"googleId"`
	APICheckSwitch       bool            `json:"apiCheckSwitch"`
	APICheckRule         FlexString      `json:"apiCheckRule"`
	Source               FlexString      `json:"source"`
	UTMSource            string          `json:"utmSource"`
	ThirdServerCode      FlexString      `json:"thirdServerCode"`
	RelationCustomerID   FlexInt64       `json:"relationCustomerId"`
	AssociationCompanyID FlexInt64       `json:"associationCompanyId"`
	CompanyType          string          `json:"companyType"`
	CustomerAgentMark    FlexString      `json:"customerAgentMark"`
	AccountRemark        FlexString      `json:"accountRemark"`
	AccountList          json.RawMessage `json:"accountList"`
	EarlyWarningLevel    json.RawMessage `json:"earlyWarningLevel"`
	ForceLevel           json.RawMessage `json:"forceLevel"`
	WithdrawLevel        json.RawMessage `json:"withdrawLevel"`
}

// UnmarshalJSON reads CustomerAllInfoVO, accepting numbers as strings and
// the reverse.
func (d *CustomerDetail) UnmarshalJSON(b []byte) error {
	var w customerDetailWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = CustomerDetail{
		Customer: w.customer(), Country: w.Country, Address: w.Address, PostalCode: string(w.PostalCode),
		GroupType: GroupType(w.Type), KYCStatus: int(w.KYCStatus), KYCRemark: w.KYCRemark,
		KYCAuditStatus: KYCAuditStatus(w.KYCAuditStatus), KYCAuditRemark: w.KYCAuditRemark,
		CompanyKYCOpen: w.CompanyKYCStatus == 1, ActivateStatus: int(w.ActivateStatus), ActivatedAt: w.ActivateTime.Time,
		RegisteredAt: w.RegisterTime.Time, CanDeposit: w.Deposit == 1, CanWithdraw: w.Withdraw == 1,
		IsFundManager: w.IsFund == 1, MFAEnabled: w.GoogleID > 0, APICheckSwitch: w.APICheckSwitch,
		APICheckRule: string(w.APICheckRule), Source: string(w.Source), UTMSource: w.UTMSource,
		ThirdServerCode: string(w.ThirdServerCode), RelationCustomerID: int64(w.RelationCustomerID),
		AssociationCompanyID: int64(w.AssociationCompanyID), CompanyType: w.CompanyType,
		CustomerAgentMark: string(w.CustomerAgentMark), AccountRemark: string(w.AccountRemark),
		AccountList: w.AccountList, EarlyWarningLevel: w.EarlyWarningLevel, ForceLevel: w.ForceLevel, WithdrawLevel: w.WithdrawLevel,
	}
	return nil
}

// Get returns a customer's record
// (customer.admin.WhiteCustomerAdminApiService.detail). The detail operation
// wants the customer's numeric ID and number; give the number Register
// returned and leave CustomerID 0, and Get first looks the ID up in the
// customer list filtered by that number
// (customer.admin.WhiteCustomerAdminApiService.page, one request), then
// reads the detail: two requests, each observed as a call of its own, each
// with its own trace (with WithTrace, the lookup's is the caller's trace
// plus "-lookup"; the detail's is the caller's). A number the list does not
// show fails with a *ResponseError matching ErrNotFound before the detail is
// asked; a given ID that does not match the number fails with an *APIError
// matching ErrNotFound. A read.
//
//mm:op customer.admin.WhiteCustomerAdminApiService.detail
//mm:op customer.admin.WhiteCustomerAdminApiService.page
func (s *CustomerService) Get(ctx context.Context, p *CustomerDetailParams, opts ...RequestOption) (*CustomerDetail, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opCustomerDetail, &ValidationError{Field: "CustomerDetailParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCustomerDetail, err)
	}
	sec := p.Section
	if sec == "" {
		sec = DetailBaseInfo
	}
	id := p.CustomerID
	if id == 0 {
		var err error
		if id, err = s.customerID(ctx, p.CustomerNo, opts); err != nil {
			return nil, err
		}
	}
	return callRequired[*CustomerDetail](ctx, s.client, opCustomerDetail,
		customerDetailBody{Type: string(sec), ID: strconv.FormatInt(id, 10), CustomerNo: p.CustomerNo}, opts, "a customer record")
}

// customerIDLookupSize is the page size of Get's ID lookup. The spec does
// not say whether page's customerNo filter matches the number exactly or in
// part; the lookup takes the record whose number is equal, so a partly
// matching server still works while the customer is among the first 100
// matches, and an exact one answers a single record whatever the size.
const customerIDLookupSize = 100

// customerID looks the numeric ID of customer number no up in the customer
// list filtered by that number: one page request, observed as a List call.
// No record with exactly that number is a *ResponseError matching
// ErrNotFound (the server answered, the customer is not there); the record
// without an ID (or with one <= 0) is a *ResponseError matching
// ErrBadResponse.
func (s *CustomerService) customerID(ctx context.Context, no string, opts []RequestOption) (int64, error) {
	var id int64
	body := customerPageBody{CustomerNo: &no, Size: customerIDLookupSize, Current: 1}
	_, err := callChecked(ctx, s.client, opCustomerPage, body, append(slices.Clip(opts), withTraceSuffix("-lookup")),
		func(d customerPageData, m Response) error {
			for i := range d.Records {
				if string(d.Records[i].CustomerNo) != no {
					continue
				}
				if id = int64(d.Records[i].ID); id <= 0 {
					return &ResponseError{Operation: opCustomerPage.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace,
						Reason: "customer record without a valid ID"}
				}
				return nil
			}
			return &ResponseError{Operation: opCustomerPage.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace,
				Reason: "no customer with this number in the customer list", Err: ErrNotFound}
		})
	return id, err
}

// CustomerGroup is a customer group (CustomerGroupBizVO).
type CustomerGroup struct {
	// ID is the group's ID (RegisterParams.CustomerGroupID).
	ID int64
	// Name is the group's name.
	Name string
	// Type is real, demo or guest.
	Type GroupType
	// OpenAccountGroup reports whether customers can be registered into the
	// group (openAccountType 1).
	OpenAccountGroup bool
	// TradeType is the group's trading mode.
	TradeType TradeType
	// Assets describes the group's assets, as the server sends it.
	Assets string
}

// UnmarshalJSON reads a group, numbers as numbers or strings.
func (g *CustomerGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              FlexInt64  `json:"id"`
		Name            string     `json:"name"`
		Type            FlexInt64  `json:"type"`
		OpenAccountType FlexInt64  `json:"openAccountType"`
		TradeType       TradeType  `json:"tradeType"`
		Assets          FlexString `json:"assets"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = CustomerGroup{ID: int64(w.ID), Name: w.Name, Type: GroupType(w.Type), OpenAccountGroup: w.OpenAccountType == 1,
		TradeType: w.TradeType, Assets: string(w.Assets)}
	return nil
}

// GroupListParams narrows Customers.ListGroups. The schema lists no fields; the
// vendor's example sends these two, so they are sent only when set. nil
// lists every group.
type GroupListParams struct {
	// TradeType restricts the list to one trading mode; 0 means all.
	TradeType TradeType
	// CustomerNo asks for the groups relevant to one customer; empty means all.
	CustomerNo string
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *GroupListParams) Validate() error {
	if p.TradeType < 0 {
		return &ValidationError{Field: "GroupListParams.TradeType", Rule: "must be >= 0 (0: all trading modes)"}
	}
	if p.CustomerNo != "" {
		return checkCustNo("GroupListParams.CustomerNo", p.CustomerNo)
	}
	return nil
}

type groupListBody struct {
	TradeType  int    `json:"tradeType,omitempty"`
	CustomerNo string `json:"customerNo,omitempty"`
}

// listOf decodes a list the schema describes as one object: it accepts a
// JSON array, a single object (a list of one) and null.
type listOf[T any] []T

func (l *listOf[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*l = nil
		return nil
	case b[0] == '{':
		var one T
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = listOf[T]{one}
		return nil
	}
	var many []T
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

// ListGroups lists the company's customer groups
// (customer.admin.CustomerGroupAdminApiService.groupList). The schema
// describes the answer as one object and servers send a list; both decode.
// p may be nil. A read.
//
//mm:op customer.admin.CustomerGroupAdminApiService.groupList
func (s *CustomerService) ListGroups(ctx context.Context, p *GroupListParams, opts ...RequestOption) ([]CustomerGroup, error) {
	if p == nil {
		p = &GroupListParams{}
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCustomerGroupList, err)
	}
	l, err := call[listOf[CustomerGroup]](ctx, s.client, opCustomerGroupList, groupListBody{TradeType: int(p.TradeType), CustomerNo: p.CustomerNo}, opts)
	return []CustomerGroup(l), err
}

// AccountStatus is a trading account's availability (status and
// activateStatus of an account, and of the open_account and account_update
// push events).
type AccountStatus int

// The documented account states.
const (
	AccountUnavailable AccountStatus = 1 // not usable
	AccountAvailable   AccountStatus = 2 // usable
)

var accountStatusNames = map[AccountStatus]string{
	AccountUnavailable: "unavailable",
	AccountAvailable:   "available",
}

// String returns "unavailable" or "available".
func (s AccountStatus) String() string { return enumName(accountStatusNames, s) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (s *AccountStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// AccountKind is who an account belongs to (type of an account, and of
// the open_account and account_update push events).
type AccountKind int

// The documented account kinds.
const (
	AccountKindUser     AccountKind = 1 // a customer's account
	AccountKindMerchant AccountKind = 2 // a merchant's account
	AccountKindPlatform AccountKind = 3 // a platform account
)

var accountKindNames = map[AccountKind]string{
	AccountKindUser:     "user",
	AccountKindMerchant: "merchant",
	AccountKindPlatform: "platform",
}

// String returns "user", "merchant" or "platform".
func (k AccountKind) String() string { return enumName(accountKindNames, k) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (k *AccountKind) UnmarshalJSON(b []byte) error { return decodeEnum(k, b) }

// Account is a customer's trading account with its balances
// (QueryAccountVo). Amounts are exact Decimals; the balance to show a
// customer is Balance. A field the server sent as null reads as 0.
type Account struct {
	// AccountID is the account's unique ID (AdjustmentParams.AccountID).
	AccountID int64
	// CustomerID is the owner's numeric customer ID (Customer.ID).
	CustomerID int64
	// CustomerNo is the owner's customer number.
	CustomerNo string
	// CompanyID is the white label's company ID.
	CompanyID int64
	// TradeType is the account's trading mode.
	TradeType TradeType
	// Currency is the account's currency, e.g. "USDT".
	Currency string
	Digits   int // number of decimal places of the account's currency
	// Kind says whose account it is (user, merchant, platform).
	Kind AccountKind
	// Status and ActivateStatus are the account's availability.
	Status, ActivateStatus AccountStatus
	// Open is the account's openAccountStatus.
	Open bool
	// AssetsID is the account's asset ID.
	AssetsID int64
	// Balance is the account balance.
	Balance Decimal
	// Available is the amount free to use.
	Available Decimal
	// Equity is the net worth, NetAssets the net assets.
	Equity, NetAssets Decimal
	// Frozen, LockAmount and LockMargin are the frozen funds, the locked
	// amount and the frozen margin.
	Frozen, LockAmount, LockMargin Decimal
	// Margin, FreeMargin and MarginRatio are the real-time margin figures.
	Margin, FreeMargin, MarginRatio Decimal
	// Profit is the real-time profit and loss.
	Profit Decimal
	// Interest, InterestProportion, Liabilities, LiabilitiesPrincipal,
	// AvailableLoan and CollateralFrozen are the borrowing figures.
	Interest, InterestProportion, Liabilities, LiabilitiesPrincipal, AvailableLoan, CollateralFrozen Decimal
	// WithdrawAmount is the amount that may be withdrawn, NotWithdrawAmount
	// the amount that may not (e.g. bonuses).
	WithdrawAmount, NotWithdrawAmount Decimal
	// WholeWarehouseBalance and WholeWarehouseRate are the cross-margin
	// account's balance in the account currency and its exchange rate.
	WholeWarehouseBalance, WholeWarehouseRate Decimal
	// Remark is the account's note.
	Remark string
	// CreatedAt, ActivatedAt, FirstDepositAt and FirstWithdrawAt are in UTC;
	// zero when not sent.
	CreatedAt, ActivatedAt, FirstDepositAt, FirstWithdrawAt time.Time
}

// UnmarshalJSON reads QueryAccountVo, money as numbers or strings.
func (a *Account) UnmarshalJSON(b []byte) error {
	var w struct {
		AccountID             FlexInt64  `json:"accountId"`
		CustomerID            FlexInt64  `json:"customerId"`
		CustomerNo            FlexString `json:"customerNo"`
		CompanyID             FlexInt64  `json:"companyId"`
		TradeType             TradeType  `json:"tradeType"`
		Currency              string     `json:"currency"`
		Digits                FlexInt64  `json:"digits"`
		Type                  FlexInt64  `json:"type"`
		Status                FlexInt64  `json:"status"`
		ActivateStatus        FlexInt64  `json:"activateStatus"`
		OpenAccountStatus     bool       `json:"openAccountStatus"`
		AssetsID              FlexInt64  `json:"assetsId"`
		Balance               Decimal    `json:"balance"`
		Available             Decimal    `json:"available"`
		Equity                Decimal    `json:"equity"`
		NetAssets             Decimal    `json:"netAssets"`
		Frozen                Decimal    `json:"frozen"`
		LockAmount            Decimal    `json:"lockAmount"`
		LockMargin            Decimal    `json:"lockMargin"`
		Margin                Decimal    `json:"margin"`
		FreeMargin            Decimal    `json:"freeMargin"`
		MarginRadio           Decimal    `json:"marginRadio"`
		Profit                Decimal    `json:"profit"`
		Interest              Decimal    `json:"interest"`
		InterestProportion    Decimal    `json:"interestProportion"`
		Liabilities           Decimal    `json:"liabilities"`
		LiabilitiesPrincipal  Decimal    `json:"liabilitiesPrincipal"`
		AvailableLoan         Decimal    `json:"availableLoan"`
		CollateralFrozen      Decimal    `json:"collateralFrozen"`
		WithdrawAmount        Decimal    `json:"withdrawAmount"`
		NotWithdrawAmount     Decimal    `json:"notWithdrawAmount"`
		WholeWarehouseBalance Decimal    `json:"wholeWarehouseBalance"`
		WholeWarehouseRate    Decimal    `json:"wholeWarehouseRate"`
		Remark                string     `json:"remark"`
		CreateTime            MilliTime  `json:"createTime"`
		ActivateTime          MilliTime  `json:"activateTime"`
		FirstDepositTime      MilliTime  `json:"firstDepositTime"`
		FirstWithdrawTime     MilliTime  `json:"firstWithdrawTime"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Account{
		AccountID: int64(w.AccountID), CustomerID: int64(w.CustomerID), CustomerNo: string(w.CustomerNo), CompanyID: int64(w.CompanyID),
		TradeType: w.TradeType, Currency: w.Currency, Digits: int(w.Digits), Kind: AccountKind(w.Type),
		Status: AccountStatus(w.Status), ActivateStatus: AccountStatus(w.ActivateStatus), Open: w.OpenAccountStatus,
		AssetsID: int64(w.AssetsID), Balance: w.Balance, Available: w.Available, Equity: w.Equity, NetAssets: w.NetAssets,
		Frozen: w.Frozen, LockAmount: w.LockAmount, LockMargin: w.LockMargin, Margin: w.Margin, FreeMargin: w.FreeMargin,
		MarginRatio: w.MarginRadio, Profit: w.Profit, Interest: w.Interest, InterestProportion: w.InterestProportion,
		Liabilities: w.Liabilities, LiabilitiesPrincipal: w.LiabilitiesPrincipal, AvailableLoan: w.AvailableLoan,
		CollateralFrozen: w.CollateralFrozen, WithdrawAmount: w.WithdrawAmount, NotWithdrawAmount: w.NotWithdrawAmount,
		WholeWarehouseBalance: w.WholeWarehouseBalance, WholeWarehouseRate: w.WholeWarehouseRate, Remark: w.Remark,
		CreatedAt: w.CreateTime.Time, ActivatedAt: w.ActivateTime.Time, FirstDepositAt: w.FirstDepositTime.Time,
		FirstWithdrawAt: w.FirstWithdrawTime.Time,
	}
	return nil
}

// AccountListParams names the customer and trading mode for
// Customers.ListAccounts.
type AccountListParams struct {
	// CustomerNo is the customer number. Required.
	CustomerNo string
	// TradeType is the trading mode whose accounts to list; 0 lists the
	// accounts of every trading mode the platform supports (one request per
	// mode, see ListAccounts).
	TradeType TradeType
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *AccountListParams) Validate() error {
	if err := checkCustNo("AccountListParams.CustomerNo", p.CustomerNo); err != nil {
		return err
	}
	if p.TradeType < 0 {
		return &ValidationError{Field: "AccountListParams.TradeType", Rule: "must be >= 0 (e.g. TradeTypeSpot; 0: every trading mode)"}
	}
	return nil
}

type accountListBody struct {
	CustomerNo string `json:"customerNo"`
	TradeType  int    `json:"tradeType"`
}

// accountTradeTypes are the trading modes ListAccounts asks for when
// AccountListParams.TradeType is 0, in this order: the modes the vendor
// documents as supported ("Currently, only Full-position contract mode,
// Single-position contract mode, and Spot trading modes are supported",
// data push docs: 1, 2 and 5). queryAccountList's schema types tradeType
// as a required integer without listing values, so each is asked for on
// its own.
var accountTradeTypes = [...]TradeType{TradeTypeCrossContract, TradeTypeIsolatedContract, TradeTypeSpot}

// ListAccounts returns a customer's trading accounts with their balances
// (customer.admin.CustomerAdminApiService.queryAccountList). The schema
// describes one account and servers send a list; both decode. A read.
//
// With AccountListParams.TradeType set, it lists that trading mode's
// accounts in one request. With TradeType 0 it lists every mode's: three
// requests, one after another, for TradeTypeCrossContract,
// TradeTypeIsolatedContract and TradeTypeSpot, each observed as a call of
// its own and each with its own trace (with WithTrace, the caller's trace
// plus "-tt1", "-tt2", "-tt5"). The accounts come in that order of modes,
// each mode's in the server's order; an account a server repeats under
// several modes is listed once. The first request that fails ends the call
// with its error (no partial list); WithResponseInto describes the last
// request sent.
//
//mm:op customer.admin.CustomerAdminApiService.queryAccountList
func (s *CustomerService) ListAccounts(ctx context.Context, p *AccountListParams, opts ...RequestOption) ([]Account, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opQueryAccountList, &ValidationError{Field: "AccountListParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opQueryAccountList, err)
	}
	if p.TradeType != 0 {
		return s.listAccounts(ctx, p.CustomerNo, p.TradeType, opts)
	}
	var all []Account
	type key struct {
		id       int64
		mode     TradeType
		currency string
	}
	seen := map[key]bool{}
	for _, tt := range accountTradeTypes {
		l, err := s.listAccounts(ctx, p.CustomerNo, tt, append(slices.Clip(opts), withTraceSuffix("-tt"+strconv.Itoa(int(tt)))))
		if err != nil {
			return nil, err
		}
		for _, a := range l {
			// A server that ignored tradeType would answer every mode's
			// accounts each time: keep each account once.
			k := key{a.AccountID, a.TradeType, a.Currency}
			if a.AccountID != 0 && seen[k] {
				continue
			}
			seen[k] = true
			all = append(all, a)
		}
	}
	return all, nil
}

// listAccounts lists the customer's accounts of one trading mode.
func (s *CustomerService) listAccounts(ctx context.Context, no string, tt TradeType, opts []RequestOption) ([]Account, error) {
	l, err := call[listOf[Account]](ctx, s.client, opQueryAccountList, accountListBody{CustomerNo: no, TradeType: int(tt)}, opts)
	return []Account(l), err
}
