package pushtest

import (
	"encoding/json"
	"strconv"
	"time"
)

// This file builds event data shaped exactly like the documentation's
// examples (IDs as strings in "id", numbers elsewhere; amounts as JSON
// numbers), for fakes that emit events for what they do:
//
//	registration (customer register + account opening):  register, open_account
//	adjustment (quota/balance adjustment of an account):  subject_update, subject_water_insert
//
// Fields the fake does not know are sent with documented neutral values.

// Registration describes a customer registration as the fake Manager API
// performs it.
type Registration struct {
	CompanyID       int64     // company ID (default 1)
	CustomerID      int64     // customer ID; sent as data.id of register (string) and customerId of open_account (number)
	CustomerNo      string    // customer number, e.g. "86000080"
	CustomerGroupID int64     // customer group (default 1)
	Country         string    // country code (default "CN")
	Language        string    // language (default "en-US")
	Phone           string    // phone number; registerType is 2 when set
	PhoneArea       string    // phone area code, e.g. "+86"
	Email           string    // e-mail; registerType is 1 when set and Phone is empty
	EmailArea       string    // e-mail area code
	RegisterSource  int       // registration source (default 3, System)
	AccountID       int64     // trading account opened by the registration
	Currency        int64     // account asset ID (default 1)
	CurrencyCode    string    // account currency (default "USDT")
	Digits          int       // account decimal places (default 6)
	TradeType       int       // trading mode of the account (default 1)
	Time            time.Time // event time (default now)
}

func (r *Registration) defaults() {
	if r.CompanyID == 0 {
		r.CompanyID = 1
	}
	if r.CustomerGroupID == 0 {
		r.CustomerGroupID = 1
	}
	if r.Country == "" {
		r.Country = "CN"
	}
	if r.Language == "" {
		r.Language = "en-US"
	}
	if r.RegisterSource == 0 {
		r.RegisterSource = 3
	}
	if r.Currency == 0 {
		r.Currency = 1
	}
	if r.CurrencyCode == "" {
		r.CurrencyCode = "USDT"
	}
	if r.Digits == 0 {
		r.Digits = 6
	}
	if r.TradeType == 0 {
		r.TradeType = 1
	}
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
}

// RegisterData returns the data of the "register" event for r.
func RegisterData(r Registration) map[string]any {
	r.defaults()
	regType := 3
	switch {
	case r.Phone != "":
		regType = 2
	case r.Email != "":
		regType = 1
	}
	return map[string]any{
		"companyId":       r.CompanyID,
		"country":         r.Country,
		"createTime":      r.Time.UnixMilli(),
		"customerGroupId": r.CustomerGroupID,
		"customerNo":      r.CustomerNo,
		"ext2":            "",
		"ext4":            "",
		"id":              strconv.FormatInt(r.CustomerID, 10),
		"kycAuditRemark":  "Company has not opened KYC certification, directly passed",
		"kycAuditStatus":  2,
		"language":        r.Language,
		"optional":        0,
		"phone":           r.Phone,
		"phoneArea":       r.PhoneArea,
		"email":           r.Email,
		"emailArea":       r.EmailArea,
		"registerSource":  r.RegisterSource,
		"registerType":    regType,
		"status":          1,
	}
}

// OpenAccountData returns the data of the "open_account" event for r.
func OpenAccountData(r Registration) map[string]any {
	r.defaults()
	ms := r.Time.UnixMilli()
	return map[string]any{
		"activateStatus": 2,
		"companyId":      r.CompanyID,
		"createTime":     ms,
		"currency":       r.Currency,
		"currencyCode":   r.CurrencyCode,
		"customerId":     r.CustomerID,
		"customerNo":     r.CustomerNo,
		"digits":         r.Digits,
		"id":             strconv.FormatInt(r.AccountID, 10),
		"status":         2,
		"tradeType":      r.TradeType,
		"type":           1,
		"updateTime":     ms,
	}
}

// PublishRegistration publishes "register" then "open_account" for r.
func (h *Hub) PublishRegistration(r Registration) error {
	if err := h.Publish("register", RegisterData(r)); err != nil {
		return err
	}
	return h.Publish("open_account", OpenAccountData(r))
}

// Adjustment describes a balance (quota) adjustment of a trading account.
// Amounts are decimal strings in the account currency ("12.5", "-3");
// the builders scale them to integers with Digits places, as the server
// sends them.
type Adjustment struct {
	CompanyID     int64     // company ID (default 1)
	CustomerID    int64     // customer ID
	CustomerNo    string    // customer number
	AccountID     int64     // trading account ID
	SubjectID     int64     // balance subject ID (data.id of subject_update)
	WaterID       int64     // journal entry ID (data.id of subject_water_insert)
	Currency      int64     // currency asset ID (default 1)
	CurrencyCode  string    // account currency (default "USDT")
	Digits        int       // decimal places of the scaled amounts (default 6)
	TradeType     int       // trading mode (default 1)
	Amount        string    // signed change, e.g. "100" or "-2.5"
	BalanceAfter  string    // balance after the change
	BusinessType  int       // business type (default 4, full-position quota adjustment)
	BusinessType1 int       // detailed type (default 4001 deposit, 4002 when Amount is negative)
	Version       int64     // subject version after the change
	Remark        string    // remark
	Time          time.Time // event time (default now)
}

func (a *Adjustment) defaults() {
	if a.CompanyID == 0 {
		a.CompanyID = 1
	}
	if a.Currency == 0 {
		a.Currency = 1
	}
	if a.CurrencyCode == "" {
		a.CurrencyCode = "USDT"
	}
	if a.Digits == 0 {
		a.Digits = 6
	}
	if a.TradeType == 0 {
		a.TradeType = 1
	}
	if a.BusinessType == 0 {
		a.BusinessType = 4
	}
	if a.BusinessType1 == 0 {
		a.BusinessType1 = 4001
		if len(a.Amount) > 0 && a.Amount[0] == '-' {
			a.BusinessType1 = 4002
		}
	}
	if a.Amount == "" {
		a.Amount = "0"
	}
	if a.BalanceAfter == "" {
		a.BalanceAfter = "0"
	}
	if a.Time.IsZero() {
		a.Time = time.Now()
	}
}

// SubjectUpdateData returns the data of the "subject_update" event for a:
// the account's balance subject (type 1) with its new amount.
func SubjectUpdateData(a Adjustment) map[string]any {
	a.defaults()
	ms := a.Time.UnixMilli()
	return map[string]any{
		"accountId":  a.AccountID,
		"amount":     scaled(a.BalanceAfter, a.Digits),
		"createTime": ms,
		"digits":     a.Digits,
		"id":         strconv.FormatInt(a.SubjectID, 10),
		"type":       1,
		"updateTime": ms,
		"version":    a.Version,
	}
}

// SubjectWaterInsertData returns the data of the "subject_water_insert"
// event for a: the journal entry of the change.
func SubjectWaterInsertData(a Adjustment) map[string]any {
	a.defaults()
	ms := a.Time.UnixMilli()
	in, out := a.Amount, "0"
	if len(in) > 0 && in[0] == '-' {
		in, out = "0", in[1:]
	}
	return map[string]any{
		"accountId":     a.AccountID,
		"accountType":   1,
		"amountAfter":   scaled(a.BalanceAfter, a.Digits),
		"amountIn":      scaled(in, a.Digits),
		"amountOut":     scaled(out, a.Digits),
		"bookkeepId":    a.WaterID,
		"businessType":  a.BusinessType,
		"businessType1": a.BusinessType1,
		"companyId":     a.CompanyID,
		"createTime":    ms,
		"currency":      a.Currency,
		"currencyCode":  a.CurrencyCode,
		"customerId":    a.CustomerID,
		"customerNo":    a.CustomerNo,
		"digits":        a.Digits,
		"id":            strconv.FormatInt(a.WaterID, 10),
		"orderId":       0,
		"remark":        a.Remark,
		"status":        2,
		"subjectId":     a.SubjectID,
		"subjectType":   1,
		"tradeType":     a.TradeType,
		"updateTime":    ms,
		"version":       a.Version,
	}
}

// PublishAdjustment publishes "subject_update" then "subject_water_insert"
// for a.
func (h *Hub) PublishAdjustment(a Adjustment) error {
	if err := h.Publish("subject_update", SubjectUpdateData(a)); err != nil {
		return err
	}
	return h.Publish("subject_water_insert", SubjectWaterInsertData(a))
}

// scaled turns a decimal string into the integer with digits implied
// decimal places, as a JSON number ("12.5", 6 → 12500000). Invalid input is
// sent unchanged as a JSON string, so a bad test value stays visible.
func scaled(dec string, digits int) any {
	neg := len(dec) > 0 && dec[0] == '-'
	s := dec
	if neg || (len(s) > 0 && s[0] == '+') {
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	if len(frac) > digits || !digitsOnly(intPart+frac) || intPart+frac == "" {
		return dec
	}
	for len(frac) < digits {
		frac += "0"
	}
	n := intPart + frac
	for len(n) > 1 && n[0] == '0' {
		n = n[1:]
	}
	if neg && n != "0" {
		n = "-" + n
	}
	return json.Number(n)
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
