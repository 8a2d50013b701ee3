package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"time"
)

// FundService moves and guards a customer's money: it adjusts balances
// (AdjustBalance, GetAdjustment), locks or unlocks the transfers in and out
// of a customer's trading accounts, and reads exchange rates. Every call
// that moves money or changes a lock is a write: it is never resent once it
// may have reached the server, and a lost answer is an
// *UnknownOutcomeError.
type FundService service

var (
	opGetExchangeRate     = defineOp(&operation{Name: "fund.admin.CustomerFundAdminDubboService.getExchangeRate", ReadOnly: true})
	opLockTradeAccount    = defineOp(&operation{Name: "fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount"})
	opUnlockTradeAccount  = defineOp(&operation{Name: "fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount"})
	opQueryOneLock        = defineOp(&operation{Name: "fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount", ReadOnly: true})
	opQueryTradeTypeLocks = defineOp(&operation{Name: "fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount", ReadOnly: true})
)

// MaxExchangeRatePairs is the most currency pairs one ListExchangeRates call
// may ask for (the server refuses more with FS10005).
const MaxExchangeRatePairs = 50

// RateType says which exchange rate ListExchangeRates returns: the deposit or
// the withdrawal rate.
type RateType int

// The documented rate types.
const (
	RateDeposit    RateType = 1 // recharge (deposit) rate
	RateWithdrawal RateType = 2 // withdrawal rate
)

var rateTypeNames = map[RateType]string{RateDeposit: "deposit", RateWithdrawal: "withdrawal"}

// String returns "deposit" or "withdrawal".
func (t RateType) String() string { return enumName(rateTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *RateType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// RateFormula says how an ExchangeRate converts: multiply the source amount
// by Rate, or divide it by Rate.
type RateFormula string

// The documented formulas.
const (
	RateMultiply RateFormula = "multiply" // target = source × rate
	RateDivide   RateFormula = "divide"   // target = source ÷ rate
)

// ExchangeRateParams asks Funds.ListExchangeRates for the rates of up to 50
// currency pairs.
type ExchangeRateParams struct {
	// Pairs maps each source currency to the currency to convert it to, e.g.
	// {"BTC": "USDT", "BNB": "USDT"}. Required: 1 to 50 pairs.
	Pairs map[string]string
	// Type is RateDeposit or RateWithdrawal; 0 leaves it to the server.
	Type RateType
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *ExchangeRateParams) Validate() error {
	const s = "ExchangeRateParams."
	if len(p.Pairs) == 0 || len(p.Pairs) > MaxExchangeRatePairs {
		return &ValidationError{Field: s + "Pairs", Rule: "1 to 50 source → target pairs (FS10005 refuses more)"}
	}
	for from, to := range p.Pairs {
		if !validCurrency(from) || !validCurrency(to) {
			return &ValidationError{Field: s + "Pairs", Rule: "currency codes: 1 to 20 letters or digits, e.g. BTC: USDT"}
		}
	}
	if p.Type != 0 && p.Type != RateDeposit && p.Type != RateWithdrawal {
		return &ValidationError{Field: s + "Type", Rule: "RateDeposit (1), RateWithdrawal (2) or 0"}
	}
	return nil
}

// validCurrency accepts currency codes such as USDT, BTC, 1INCH.
func validCurrency(c string) bool {
	if c == "" || len(c) > 20 {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9') {
			return false
		}
	}
	return true
}

type exchangeRateBody struct {
	CompanyID   string            `json:"companyId"`
	CurrencyMap map[string]string `json:"currencyMap"`
	Type        int               `json:"type,omitempty"`
}

// ExchangeRate is the rate for one currency pair (ExchangeRateConvertDto).
type ExchangeRate struct {
	// SourceCurrency and TargetCurrency are the pair.
	SourceCurrency, TargetCurrency string
	// Rate is the exchange rate, exactly as sent.
	Rate Decimal
	// Formula says whether to multiply or divide a source amount by Rate.
	Formula RateFormula
	// SourceDigits and TargetDigits are the currencies' decimal places.
	SourceDigits, TargetDigits int
}

// UnmarshalJSON reads ExchangeRateConvertDto; rate as a string (schema) or a
// number (the spec's example).
func (r *ExchangeRate) UnmarshalJSON(b []byte) error {
	var w struct {
		Rate           Decimal   `json:"rate"`
		FormulaSymbol  string    `json:"formulaSymbol"`
		SourceDigits   FlexInt64 `json:"sourceDigits"`
		TargetDigits   FlexInt64 `json:"targetDigits"`
		SourceCurrency string    `json:"sourceCurrency"`
		TargetCurrency string    `json:"targetCurrency"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ExchangeRate{SourceCurrency: w.SourceCurrency, TargetCurrency: w.TargetCurrency, Rate: w.Rate,
		Formula: RateFormula(w.FormulaSymbol), SourceDigits: int(w.SourceDigits), TargetDigits: int(w.TargetDigits)}
	return nil
}

// ListExchangeRates returns the deposit or withdrawal exchange rates of up to
// 50 currency pairs (fund.admin.CustomerFundAdminDubboService.getExchangeRate),
// sorted by source currency. A read.
//
//mm:op fund.admin.CustomerFundAdminDubboService.getExchangeRate
func (s *FundService) ListExchangeRates(ctx context.Context, p *ExchangeRateParams, opts ...RequestOption) ([]ExchangeRate, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opGetExchangeRate, &ValidationError{Field: "ExchangeRateParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opGetExchangeRate, err)
	}
	rates, err := call[listOf[ExchangeRate]](ctx, s.client, opGetExchangeRate,
		exchangeRateBody{CompanyID: s.client.cfg.companyID, CurrencyMap: p.Pairs, Type: int(p.Type)}, opts)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rates, func(i, j int) bool { return rates[i].SourceCurrency < rates[j].SourceCurrency })
	return []ExchangeRate(rates), nil
}

// TransferDirection is which transfers of a trading account a lock blocks
// (the lock operations' type).
type TransferDirection int

// The documented lock directions.
const (
	TransferIn    TransferDirection = 1 // money moving into the account
	TransferOut   TransferDirection = 2 // money moving out of the account
	TransferInOut TransferDirection = 3 // both
)

var transferDirectionNames = map[TransferDirection]string{
	TransferIn:    "in",
	TransferOut:   "out",
	TransferInOut: "in and out",
}

// String returns "in", "out" or "in and out".
func (d TransferDirection) String() string { return enumName(transferDirectionNames, d) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (d *TransferDirection) UnmarshalJSON(b []byte) error { return decodeEnum(d, b) }

func (d TransferDirection) valid() bool { return d >= TransferIn && d <= TransferInOut }

// LockTransfersParams locks transfers of a customer's trading account for
// Funds.LockTransfers.
type LockTransfersParams struct {
	// CustomerNo is the customer number. Required.
	CustomerNo string
	// TradeType is the trading mode whose account to lock. Required.
	TradeType TradeType
	// Direction is what to block: TransferIn, TransferOut or TransferInOut.
	// Required.
	Direction TransferDirection
	// Until ends the lock at this time (sent as lockEndTime, which the
	// server prefers over Duration). Zero: not sent.
	Until time.Time
	// Duration ends the lock after this long, in whole seconds (lockTime).
	// Zero: not sent. With neither Until nor Duration the platform's
	// default applies.
	Duration time.Duration
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *LockTransfersParams) Validate() error {
	const s = "LockTransfersParams."
	if err := checkLockTarget(s, p.CustomerNo, p.TradeType); err != nil {
		return err
	}
	if !p.Direction.valid() {
		return &ValidationError{Field: s + "Direction", Rule: "TransferIn (1), TransferOut (2) or TransferInOut (3)"}
	}
	if !p.Until.IsZero() && p.Until.UnixMilli() <= 0 {
		return &ValidationError{Field: s + "Until", Rule: "a time after 1970 (or zero for none)"}
	}
	if p.Duration < 0 || p.Duration%time.Second != 0 {
		return &ValidationError{Field: s + "Duration", Rule: "whole seconds, >= 0 (0: none)"}
	}
	return nil
}

func checkLockTarget(s, customerNo string, tt TradeType) error {
	if err := checkCustNo(s+"CustomerNo", customerNo); err != nil {
		return err
	}
	if tt <= 0 {
		return &ValidationError{Field: s + "TradeType", Rule: "required, > 0 (e.g. TradeTypeSpot)"}
	}
	return nil
}

// lockBody is the wire form of lock, unlock and the single lock query;
// lockTime and lockEndTime are numbers only for lock.
type lockBody struct {
	CustomerNo  string `json:"customerNo"`
	TradeType   int    `json:"tradeType"`
	CompanyID   string `json:"companyId"`
	Type        int    `json:"type"`
	LockTime    int64  `json:"lockTime,omitempty"`
	LockEndTime int64  `json:"lockEndTime,omitempty"`
}

// LockTransfers blocks transfers into, out of, or both, of a customer's
// account of one trading mode
// (fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount), for
// example while a bonus campaign runs. A write: never resent once it may have
// reached the server (an unknown outcome is an *UnknownOutcomeError; check
// with IsTransferLocked).
//
//mm:op fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount
func (s *FundService) LockTransfers(ctx context.Context, p *LockTransfersParams, opts ...RequestOption) error {
	if p == nil {
		return s.client.refuse(ctx, opLockTradeAccount, &ValidationError{Field: "LockTransfersParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return s.client.refuse(ctx, opLockTradeAccount, err)
	}
	body := lockBody{CustomerNo: p.CustomerNo, TradeType: int(p.TradeType), CompanyID: s.client.cfg.companyID,
		Type: int(p.Direction), LockTime: int64(p.Duration / time.Second)}
	if !p.Until.IsZero() {
		body.LockEndTime = p.Until.UnixMilli()
	}
	_, err := call[json.RawMessage](ctx, s.client, opLockTradeAccount, body, opts)
	return err
}

// TransferLockParams names a customer's account of one trading mode and a transfer
// direction, for Funds.UnlockTransfers and Funds.IsTransferLocked.
type TransferLockParams struct {
	// CustomerNo is the customer number. Required.
	CustomerNo string
	// TradeType is the account's trading mode. Required.
	TradeType TradeType
	// Direction is TransferIn, TransferOut or TransferInOut. Required.
	Direction TransferDirection
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *TransferLockParams) Validate() error {
	if err := checkLockTarget("TransferLockParams.", p.CustomerNo, p.TradeType); err != nil {
		return err
	}
	if !p.Direction.valid() {
		return &ValidationError{Field: "TransferLockParams.Direction", Rule: "TransferIn (1), TransferOut (2) or TransferInOut (3)"}
	}
	return nil
}

func (s *FundService) lockTargetBody(p *TransferLockParams) (lockBody, error) {
	if p == nil {
		return lockBody{}, &ValidationError{Field: "TransferLockParams", Rule: "required"}
	}
	if err := p.Validate(); err != nil {
		return lockBody{}, err
	}
	return lockBody{CustomerNo: p.CustomerNo, TradeType: int(p.TradeType), CompanyID: s.client.cfg.companyID, Type: int(p.Direction)}, nil
}

// UnlockTransfers lifts a transfer lock
// (fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount).
// A write: never resent once it may have reached the server.
//
//mm:op fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount
func (s *FundService) UnlockTransfers(ctx context.Context, p *TransferLockParams, opts ...RequestOption) error {
	body, err := s.lockTargetBody(p)
	if err != nil {
		return s.client.refuse(ctx, opUnlockTradeAccount, err)
	}
	_, err = call[json.RawMessage](ctx, s.client, opUnlockTradeAccount, body, opts)
	return err
}

// IsTransferLocked reports whether transfers in the given direction are locked
// (fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount).
// A read.
//
//mm:op fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount
func (s *FundService) IsTransferLocked(ctx context.Context, p *TransferLockParams, opts ...RequestOption) (bool, error) {
	body, err := s.lockTargetBody(p)
	if err != nil {
		return false, s.client.refuse(ctx, opQueryOneLock, err)
	}
	locked, err := call[lenientBool](ctx, s.client, opQueryOneLock, body, opts)
	return bool(locked), err
}

// lenientBool decodes true/false, "true"/"false", 1/0, "1"/"0" and null
// (false).
type lenientBool bool

func (v *lenientBool) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true", `"true"`, "1", `"1"`:
		*v = true
	case "false", `"false"`, "0", `"0"`, "null", `""`:
		*v = false
	default:
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(true)}
	}
	return nil
}

// TransferLock is the lock state of one direction (an element of
// Funds.ListTransferLocks).
type TransferLock struct {
	// Direction is TransferIn, TransferOut or TransferInOut.
	Direction TransferDirection
	// Locked reports whether transfers in Direction are blocked.
	Locked bool
}

// UnmarshalJSON reads {lockStatus, type}, type as a string (schema) or a
// number (the spec's example).
func (l *TransferLock) UnmarshalJSON(b []byte) error {
	var w struct {
		LockStatus lenientBool `json:"lockStatus"`
		Type       FlexInt64   `json:"type"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = TransferLock{Direction: TransferDirection(w.Type), Locked: bool(w.LockStatus)}
	return nil
}

// TransferLockListParams names a customer's account of one trading mode for
// Funds.ListTransferLocks.
type TransferLockListParams struct {
	// CustomerNo is the customer number. Required.
	CustomerNo string
	// TradeType is the account's trading mode. Required.
	TradeType TradeType
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *TransferLockListParams) Validate() error {
	return checkLockTarget("TransferLockListParams.", p.CustomerNo, p.TradeType)
}

type lockQueryBody struct {
	CustomerNo string `json:"customerNo"`
	TradeType  int    `json:"tradeType"`
	CompanyID  string `json:"companyId"`
}

// ListTransferLocks returns the lock state of every direction (in, out, in and
// out) of a customer's account of one trading mode
// (fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount).
// A read.
//
//mm:op fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount
func (s *FundService) ListTransferLocks(ctx context.Context, p *TransferLockListParams, opts ...RequestOption) ([]TransferLock, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opQueryTradeTypeLocks, &ValidationError{Field: "TransferLockListParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opQueryTradeTypeLocks, err)
	}
	l, err := call[listOf[TransferLock]](ctx, s.client, opQueryTradeTypeLocks,
		lockQueryBody{CustomerNo: p.CustomerNo, TradeType: int(p.TradeType), CompanyID: s.client.cfg.companyID}, opts)
	return []TransferLock(l), err
}
