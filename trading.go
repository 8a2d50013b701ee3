package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TradingService reads customers' positions, deals and capital flow, and
// acts on their trading: cancelling pending orders and forcing positions
// closed. The two actions are writes: they are never resent once they may
// have reached the server (a lost answer gives an *UnknownOutcomeError).
type TradingService service

const groupTradeAPI = "tradeApi"

var (
	opDealByID = defineOp(&operation{Name: "report.admin.CatsTradeDealService.getTradeDealInfoByDealId",
		Path: "global/report.admin.CatsTradeDealService.getTradeDealInfoByDealId", Group: groupTradeAPI, ReadOnly: true})
	opDealsByOrderID = defineOp(&operation{Name: "report.admin.CatsTradeDealService.getTradeDealInfoByOrderId",
		Path: "global/report.admin.CatsTradeDealService.getTradeDealInfoByOrderId", Group: groupTradeAPI, ReadOnly: true})
	opCancelPending    = defineOp(&operation{Name: "tradeapi.admin.OrderAdminApiService.cancelPboOrder", Group: groupTradeAPI})
	opForcedClose      = defineOp(&operation{Name: "tradeapi.admin.OrderAdminApiService.forcedOrder", Group: groupTradeAPI})
	opCapitalFlow      = defineOp(&operation{Name: "tradeapi.admin.OrderAdminApiService.queryCapitalFlowList", Group: groupTradeAPI, ReadOnly: true})
	opPositions        = defineOp(&operation{Name: "tradeapi.admin.OrderAdminApiService.queryPositionPage", Group: groupTradeAPI, ReadOnly: true})
	opCompanyPositions = defineOp(&operation{Name: "tradeapi.admin.PositionAdminApiService.queryAllPositionPage", Group: groupTradeAPI, ReadOnly: true})
)

// Deal is an executed trade. The server sends prices, amounts and fees as
// integers scaled by a number of decimal places given next to them; the
// Raw… fields keep the wire values and the methods (Price, Amount, Fee,
// ConvertedFee, PnL) return the decimals they stand for.
type Deal struct {
	// ID is the deal record's ID (a string in the schema).
	ID FlexString `json:"id"`
	// DealID is the deal's number.
	DealID FlexInt64 `json:"dealId"`
	// OrderID is the order the deal executed.
	OrderID FlexInt64 `json:"orderId"`
	// PositionID is the position the deal opened or closed (contract modes).
	PositionID FlexInt64 `json:"positionId"`
	// CompanyID is the company.
	CompanyID FlexInt64 `json:"companyId"`
	// CustomerID is the customer's numeric ID (Customer.ID).
	CustomerID      FlexInt64 `json:"customerId"`
	CustomerNo      string    `json:"customerNo"`      // customer number
	CustomerGroupID FlexInt64 `json:"customerGroupId"` // the customer's group (Customer.GroupID)
	// AccountID is the trading account.
	AccountID FlexInt64 `json:"accountId"`
	// TradeType is the trading mode.
	TradeType TradeType `json:"tradeType"`
	// BizType is how the order was placed (see OrderType.Name for spot).
	BizType OrderType `json:"bizType"`
	// Direction is buy or sell.
	Direction Direction `json:"direction"`
	// SymbolID is the product's ID.
	SymbolID   FlexInt64 `json:"symbolId"`
	SymbolCode string    `json:"symbolCode"` // product code, e.g. "USDCHF"
	SymbolName string    `json:"symbolName"` // product display name
	// BaseCurrency is the product's base currency.
	BaseCurrency    string `json:"baseCurrency"`
	AccountCurrency string `json:"accountCurrency"` // currency of Amount and PnL
	FeeCurrency     string `json:"orderInCurrency"` // currency of Fee (wire orderInCurrency)
	// Quantity is the executed quantity (wire executeNum, not scaled).
	Quantity Decimal `json:"executeNum"`
	// RawPrice is the average price scaled by 10^Digits (see Price).
	RawPrice Decimal   `json:"executePrice"`
	Digits   FlexInt64 `json:"digits"` // decimal places RawPrice is scaled by
	// RawAmount is the traded amount scaled by 10^AccountDigits (see Amount).
	RawAmount     Decimal   `json:"currentTradeAmount"`
	AccountDigits FlexInt64 `json:"accountDigits"` // decimal places RawAmount and RawPnL are scaled by
	// RawFee is the fee scaled by 10^FeeDigits (see Fee).
	RawFee    Decimal   `json:"fee"`
	FeeDigits FlexInt64 `json:"feeDigits"` // decimal places RawFee is scaled by
	// RawConvertedFee is the fee in USDT scaled by 10^ConvertFeeDigits (see
	// ConvertedFee).
	RawConvertedFee  Decimal   `json:"convertFee"`
	ConvertFeeDigits FlexInt64 `json:"convertFeeDigits"`    // decimal places RawConvertedFee is scaled by
	ConvertRate      Decimal   `json:"convertExchangeRate"` // rate from FeeCurrency to USDT, as sent (not scaled)
	// RawPnL is the closing profit or loss scaled by 10^AccountDigits (see
	// PnL); contract closes only.
	RawPnL Decimal `json:"pnl"`
	// ExecutedAt is when the deal executed.
	ExecutedAt MilliTime `json:"executeTime"`
	CreatedAt  MilliTime `json:"createTime"` // when the deal's record was created
	UpdatedAt  MilliTime `json:"updateTime"` // when the deal's record was last changed
	// Source is where the order came from ("H5", "PC_Web", …).
	Source string `json:"source"`
	// ThirdPartyOrder is the caller's own order reference, if any.
	ThirdPartyOrder string `json:"thirdPartyOrder"`
	// Remark is a free-text note.
	Remark string `json:"remark"`
}

// Price returns the average execution price (RawPrice / 10^Digits).
func (d *Deal) Price() Decimal { return d.RawPrice.Scaled(int(d.Digits)) }

// Amount returns the traded amount in the account's currency.
func (d *Deal) Amount() Decimal { return d.RawAmount.Scaled(int(d.AccountDigits)) }

// Fee returns the fee in FeeCurrency.
func (d *Deal) Fee() Decimal { return d.RawFee.Scaled(int(d.FeeDigits)) }

// ConvertedFee returns the fee converted to USDT.
func (d *Deal) ConvertedFee() Decimal {
	return d.RawConvertedFee.Scaled(int(d.ConvertFeeDigits))
}

// PnL returns the closing profit or loss in the account's currency.
func (d *Deal) PnL() Decimal { return d.RawPnL.Scaled(int(d.AccountDigits)) }

// DealByIDParams names the deal Trading.GetDeal reads.
type DealByIDParams struct {
	// DealID is the deal's number. Required, > 0.
	DealID int64
}

// GetDeal reads one deal
// (report.admin.CatsTradeDealService.getTradeDealInfoByDealId, under
// /global/). A deal the server does not know gives an error matching
// ErrNotFound.
//
//mm:op report.admin.CatsTradeDealService.getTradeDealInfoByDealId
func (s *TradingService) GetDeal(ctx context.Context, p *DealByIDParams, opts ...RequestOption) (*Deal, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opDealByID, &ValidationError{Field: "DealByIDParams", Rule: "required"})
	}
	if err := fieldPositive("DealByIDParams.DealID", p.DealID); err != nil {
		return nil, s.client.refuse(ctx, opDealByID, err)
	}
	return callRequired[*Deal](ctx, s.client, opDealByID, struct {
		DealID int64 `json:"dealId"`
	}{p.DealID}, opts, "a deal")
}

// DealsByOrderIDParams names the order whose deals Trading.ListDealsByOrder
// lists.
type DealsByOrderIDParams struct {
	// OrderID is the order. Required, > 0.
	OrderID int64
	// TradeType is the order's trading mode. Required.
	TradeType TradeType
}

// ListDealsByOrder lists the deals that executed an order
// (report.admin.CatsTradeDealService.getTradeDealInfoByOrderId, under
// /global/). The schema answers a list, the example a single deal; both are
// read. An order without deals gives an empty list.
//
//mm:op report.admin.CatsTradeDealService.getTradeDealInfoByOrderId
func (s *TradingService) ListDealsByOrder(ctx context.Context, p *DealsByOrderIDParams, opts ...RequestOption) ([]Deal, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opDealsByOrderID, &ValidationError{Field: "DealsByOrderIDParams", Rule: "required"})
	}
	if err := fieldPositive("DealsByOrderIDParams.OrderID", p.OrderID); err != nil {
		return nil, s.client.refuse(ctx, opDealsByOrderID, err)
	}
	if err := fieldPositive("DealsByOrderIDParams.TradeType", int64(p.TradeType)); err != nil {
		return nil, s.client.refuse(ctx, opDealsByOrderID, err)
	}
	deals, err := call[oneOrMany[Deal]](ctx, s.client, opDealsByOrderID, struct {
		OrderID   int64 `json:"orderId"`
		TradeType int   `json:"tradeType"`
	}{p.OrderID, int(p.TradeType)}, opts)
	return []Deal(deals), err
}

// CustomerTradeParams names a customer and trading mode for
// Trading.CancelPendingOrders and Trading.ForceClose. All fields are
// required; they must describe the same customer.
type CustomerTradeParams struct {
	// TradeType is the trading mode, e.g. TradeTypeCrossContract.
	TradeType TradeType
	// CustomerNo is the customer number, e.g. "86000188".
	CustomerNo string
	// CustomerID is the customer's internal ID.
	CustomerID int64
	// CustomerGroupID is the customer's group.
	CustomerGroupID int64
}

// Validate checks the params; the methods call it before sending.
func (p *CustomerTradeParams) Validate() error {
	const s = "CustomerTradeParams."
	if err := fieldPositive(s+"TradeType", int64(p.TradeType)); err != nil {
		return err
	}
	if !isDigits(p.CustomerNo) {
		return &ValidationError{Field: s + "CustomerNo", Rule: "required, digits (e.g. 86000188)"}
	}
	if err := fieldPositive(s+"CustomerID", p.CustomerID); err != nil {
		return err
	}
	return fieldPositive(s+"CustomerGroupID", p.CustomerGroupID)
}

// customerTradeBody is the wire form: customerId and customerGroupId are
// integers here.
type customerTradeBody struct {
	TradeType       int    `json:"tradeType"`
	CustomerNo      string `json:"customerNo"`
	CustomerID      int64  `json:"customerId"`
	CustomerGroupID int64  `json:"customerGroupId"`
}

func (p *CustomerTradeParams) body() customerTradeBody {
	return customerTradeBody{TradeType: int(p.TradeType), CustomerNo: p.CustomerNo, CustomerID: p.CustomerID, CustomerGroupID: p.CustomerGroupID}
}

// CancelPendingOrders cancels every pending order of a customer in a
// trading mode (tradeapi.admin.OrderAdminApiService.cancelPboOrder) and
// returns the keys of the cancelled orders, e.g.
// "CATS:PROORDER:1_1557311743581831168" (empty when none was pending).
// It is a write: never resent once it may have reached the server.
//
//mm:op tradeapi.admin.OrderAdminApiService.cancelPboOrder
func (s *TradingService) CancelPendingOrders(ctx context.Context, p *CustomerTradeParams, opts ...RequestOption) ([]string, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opCancelPending, &ValidationError{Field: "CustomerTradeParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCancelPending, err)
	}
	keys, err := call[oneOrMany[FlexString]](ctx, s.client, opCancelPending, p.body(), opts)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = string(k)
	}
	return out, nil
}

// ClosedPosition is the closing order of a position closed by
// Trading.ForceClose. Prices and amounts are decimals as the server sends
// them (not scaled).
type ClosedPosition struct {
	// OrderID is the closing order's ID.
	OrderID    FlexInt64 `json:"orderId"`
	PositionID FlexInt64 `json:"positionId"` // the closed position
	// SymbolID is the product's ID.
	SymbolID   FlexInt64 `json:"symbolId"`
	SymbolName string    `json:"symbolName"` // product name
	Digits     FlexInt64 `json:"digits"`     // the product's number of decimal places
	// OpenOrClose is 1 for an opening order, 2 for a closing one.
	OpenOrClose FlexInt64 `json:"openOrClose"`
	// Direction is the closing order's side.
	Direction     Direction `json:"direction"`
	OpenDirection Direction `json:"openDirection"` // side of the closed position
	// Volume is the closed volume in lots.
	Volume Decimal `json:"tradeVolume"`
	// OpenPrice is the position's opening price.
	OpenPrice    Decimal `json:"openPrice"`
	ExecutePrice Decimal `json:"executePrice"` // price the closing order executed at
	// Profit is the close's profit or loss.
	Profit   Decimal `json:"profit"`
	Fee      Decimal `json:"fee"`      // fee charged for the close
	Interest Decimal `json:"interest"` // interest reported with the close
	// StopLoss is the position's stop-loss price (zero when unset).
	StopLoss   Decimal `json:"stopLoss"`
	TakeProfit Decimal `json:"takeProfit"` // the position's take-profit price (zero when unset)
}

// ForceClose closes a customer's open positions in a trading mode at market
// (tradeapi.admin.OrderAdminApiService.forcedOrder) and returns the closing
// orders. The example answers a single closing order; a list is read too.
// It is a write: never resent once it may have reached the server; after an
// *UnknownOutcomeError, list the positions to see what happened.
//
//mm:op tradeapi.admin.OrderAdminApiService.forcedOrder
func (s *TradingService) ForceClose(ctx context.Context, p *CustomerTradeParams, opts ...RequestOption) ([]ClosedPosition, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opForcedClose, &ValidationError{Field: "CustomerTradeParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opForcedClose, err)
	}
	closed, err := call[oneOrMany[ClosedPosition]](ctx, s.client, opForcedClose, p.body(), opts)
	return []ClosedPosition(closed), err
}

// flowLang maps the client's language tag to the capital-flow lang field,
// which knows only "zh_CN" and "en_US".
func flowLang(tag string) string {
	if strings.HasPrefix(strings.ToLower(tag), "zh") {
		return "zh_CN"
	}
	return "en_US"
}

// CapitalFlowParams selects a customer's capital flow (money moving in and
// out of the accounts), for Trading.ListCapitalFlow.
type CapitalFlowParams struct {
	// TradeType is the trading mode. Required.
	TradeType TradeType
	// CustomerNo is the customer number, e.g. "86000020". Required.
	CustomerNo      string
	CustomerID      int64 // the customer's numeric ID (Customer.ID); required
	CustomerGroupID int64 // the customer's group (Customer.GroupID); required
	// AccountID limits the list to one account; 0: all.
	AccountID int64
	// AccountCurrency limits the list to one account currency; "": all.
	AccountCurrency string
	// Type limits the list to one business type; FlowAny: all.
	Type FlowType
	// Status limits the list to one state; FlowStatusAny: all.
	Status FlowStatus
	// Direction limits the list to money in or out; FlowEither: both.
	Direction FlowDirection
	// AssetID limits the list to one asset; 0: all.
	AssetID int64
	// Start and End bound the records' time (the server's default is the
	// last 7 days); zero: not set.
	Start, End time.Time
	// Lang is the language of the type names: "zh_CN" or "en_US". Empty:
	// the client's language (WithLanguage, default en-US) in this form.
	Lang string
	// PageNo is the page (1-based; 0 means 1) and PageSize its size (0
	// means DefaultPageSize).
	PageNo, PageSize int
}

// Validate checks the params; ListCapitalFlow calls it before sending.
func (p *CapitalFlowParams) Validate() error {
	const s = "CapitalFlowParams."
	if err := fieldPositive(s+"TradeType", int64(p.TradeType)); err != nil {
		return err
	}
	if !isDigits(p.CustomerNo) {
		return &ValidationError{Field: s + "CustomerNo", Rule: "required, digits (e.g. 86000020)"}
	}
	if err := fieldPositive(s+"CustomerID", p.CustomerID); err != nil {
		return err
	}
	if err := fieldPositive(s+"CustomerGroupID", p.CustomerGroupID); err != nil {
		return err
	}
	if err := fieldNonNegative(s+"AccountID", p.AccountID); err != nil {
		return err
	}
	if err := fieldNonNegative(s+"AssetID", p.AssetID); err != nil {
		return err
	}
	if p.Type != FlowAny && !p.Type.Documented() {
		return &ValidationError{Field: s + "Type", Rule: "a documented business type (Flow… constant) or FlowAny"}
	}
	if p.Status < FlowStatusAny || p.Status > FlowStatusFailed {
		return &ValidationError{Field: s + "Status", Rule: "FlowStatusAny, FlowStatusInitial, FlowStatusSucceeded or FlowStatusFailed"}
	}
	if p.Direction < FlowEither || p.Direction > FlowDecrease {
		return &ValidationError{Field: s + "Direction", Rule: "FlowEither, FlowIncrease or FlowDecrease"}
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		return &ValidationError{Field: s + "End", Rule: "must not be before Start"}
	}
	if p.Lang != "" && p.Lang != "zh_CN" && p.Lang != "en_US" {
		return &ValidationError{Field: s + "Lang", Rule: `"zh_CN", "en_US" or empty`}
	}
	return validPaging(s, p.PageNo, p.PageSize)
}

// capitalFlowBody is the wire form: customerId and customerGroupId are
// strings here, accountId a number.
type capitalFlowBody struct {
	CustomerID      string `json:"customerId"`
	CustomerGroupID string `json:"customerGroupId"`
	CustomerNo      string `json:"customerNo"`
	TradeType       int    `json:"tradeType"`
	AccountID       int64  `json:"accountId,omitempty"`
	AccountCurrency string `json:"accountCurrency,omitempty"`
	Size            int    `json:"size"`
	Current         int    `json:"current"`
	BusinessType    int    `json:"businessType,omitempty"`
	Status          int    `json:"status,omitempty"`
	StartTime       int64  `json:"startTime,omitempty"`
	EndTime         int64  `json:"endTime,omitempty"`
	Operate         int    `json:"operate,omitempty"`
	AssetsID        int64  `json:"assetsId,omitempty"`
	Lang            string `json:"lang,omitempty"`
}

// CapitalFlow is one movement of money in a customer's account.
type CapitalFlow struct {
	// BookkeepID is the bookkeeping voucher's ID.
	BookkeepID FlexInt64 `json:"bookkeepId"`
	SubjectID  FlexInt64 `json:"subjectId"` // the ledger subject's ID
	// AccountID is the account the money moved in.
	AccountID  FlexInt64 `json:"accountId"`
	CustomerNo string    `json:"customerNo"` // the account owner's customer number
	// Currency is the account's currency.
	Currency string    `json:"currency"`
	Digits   FlexInt64 `json:"digits"` // decimal places of the account's currency
	// AmountIn is the money added to the account.
	AmountIn    Decimal `json:"amountIn"`
	AmountOut   Decimal `json:"amountOut"`   // money taken from the account
	AmountAfter Decimal `json:"amountAfter"` // the account's balance after this movement
	// Status is the processing state.
	Status FlowStatus `json:"status"`
	// Type is the business type: what moved the money.
	Type     FlowType `json:"businessType"`
	TypeName string   `json:"businessTypeName"` // Type's name in CapitalFlowParams.Lang
	// Subtype is the business subtype.
	Subtype     FlowSubtype `json:"businessType1"`
	SubtypeName string      `json:"businessType1Name"` // Subtype's name in CapitalFlowParams.Lang
	// OrderID is the order behind a trading record (0 otherwise).
	OrderID FlexInt64 `json:"orderId"`
	DealID  FlexInt64 `json:"dealId"` // the deal behind a trading record (0 otherwise)
	// Remark is a free-text note.
	Remark string `json:"remark"`
	// CreatedAt is when the record was created.
	CreatedAt MilliTime `json:"createTime"`
	// UpdatedAt is when the record was last changed.
	UpdatedAt MilliTime `json:"updateTime"`
}

// ListCapitalFlow reads one page of a customer's capital flow
// (tradeapi.admin.OrderAdminApiService.queryCapitalFlowList).
//
//mm:op tradeapi.admin.OrderAdminApiService.queryCapitalFlowList
func (s *TradingService) ListCapitalFlow(ctx context.Context, p *CapitalFlowParams, opts ...RequestOption) (*Page[CapitalFlow], error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opCapitalFlow, &ValidationError{Field: "CapitalFlowParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCapitalFlow, err)
	}
	pageNo, size := paging(p.PageNo, p.PageSize)
	body := capitalFlowBody{
		CustomerID: strconv.FormatInt(p.CustomerID, 10), CustomerGroupID: strconv.FormatInt(p.CustomerGroupID, 10),
		CustomerNo: p.CustomerNo, TradeType: int(p.TradeType), AccountID: p.AccountID, AccountCurrency: p.AccountCurrency,
		Size: size, Current: pageNo, BusinessType: int(p.Type), Status: int(p.Status),
		StartTime: unixMillis(p.Start), EndTime: unixMillis(p.End), Operate: int(p.Direction), AssetsID: p.AssetID, Lang: p.Lang,
	}
	if body.Lang == "" {
		body.Lang = flowLang(s.client.cfg.lang)
	}
	d, err := call[pageData[CapitalFlow]](ctx, s.client, opCapitalFlow, body, opts)
	if err != nil {
		return nil, err
	}
	return d.page(pageNo, size), nil
}

// ListCapitalFlowAll walks every page of ListCapitalFlow from p.PageNo,
// fetching a page only when the previous one is consumed. It stops at the
// first error (yielded once), when the caller stops, or when ctx ends.
func (s *TradingService) ListCapitalFlowAll(ctx context.Context, p *CapitalFlowParams, opts ...RequestOption) iter.Seq2[CapitalFlow, error] {
	return listAll(ctx, p, func(q *CapitalFlowParams) *int { return &q.PageNo }, s.ListCapitalFlow, opts)
}

// Position is an open or closed position. Prices, amounts and volumes are
// decimals as the server sends them (not scaled).
type Position struct {
	// PositionID is the position's ID.
	PositionID FlexInt64 `json:"positionId"`
	OrderID    FlexInt64 `json:"orderId"` // the order that opened the position
	DealID     FlexInt64 `json:"dealId"`  // the deal that opened the position
	// Status is the position's state.
	Status PositionStatus `json:"status"`
	// TradeType is the trading mode.
	TradeType TradeType `json:"tradeType"`
	BizType   OrderType `json:"bizType"` // how the position was opened (see OrderType.Name for spot)
	// Direction is buy (long) or sell (short).
	Direction Direction `json:"direction"`
	// CompanyID is the white label's company ID.
	CompanyID  FlexInt64 `json:"companyId"`
	CustomerID FlexInt64 `json:"customerId"` // owner's numeric customer ID (Customer.ID)
	CustomerNo string    `json:"customerNo"` // owner's customer number
	AccountID  FlexInt64 `json:"accountId"`  // the account holding the position
	// SymbolID is the product's ID.
	SymbolID   FlexInt64 `json:"symbolId"`
	SymbolName string    `json:"symbolName"` // product name
	// OpenPrice is the opening price.
	OpenPrice        Decimal `json:"openPrice"`
	OpenNum          Decimal `json:"openNum"`          // quantity opened
	OpenVolume       Decimal `json:"openVolume"`       // volume opened
	OpenMargin       Decimal `json:"openMargin"`       // margin required at opening
	OpenFee          Decimal `json:"openFee"`          // fee charged at opening
	OpenContractSize Decimal `json:"openContractSize"` // contract size at opening
	// OpenAccountDigits is the account's number of decimal places at
	// opening.
	OpenAccountDigits FlexInt64 `json:"openAccountDigits"`
	OpenSymbolDigits  FlexInt64 `json:"openSymbolDigits"` // product's decimal places at opening
	// ClosePrice is the price of the (partial) closing.
	ClosePrice  Decimal `json:"closePrice"`
	CloseNum    Decimal `json:"closeNum"`    // quantity closed
	CloseVolume Decimal `json:"closeVolume"` // volume closed
	CloseFee    Decimal `json:"closeFee"`    // fee charged for closing
	// CloseAccountDigits is the account's number of decimal places at
	// closing.
	CloseAccountDigits FlexInt64 `json:"closeAccountDigits"`
	CloseSymbolDigits  FlexInt64 `json:"closeSymbolDigits"` // product's decimal places at closing
	CloseFeeDigits     FlexInt64 `json:"closeFreeDigits"`   // decimal places of the closing fee (wire closeFreeDigits, sic)
	// Volume is the open volume in lots.
	Volume    Decimal `json:"volume"`
	MinVolume Decimal `json:"minVolume"` // minimum volume per side
	// Profit is the position's profit or loss.
	Profit   Decimal `json:"profit"`
	Margin   Decimal `json:"margin"`   // real-time margin
	Interest Decimal `json:"interest"` // interest charged
	// StopLoss is the stop-loss price as registered, unprocessed (0: none).
	StopLoss          Decimal `json:"stopLoss"`
	TakeProfit        Decimal `json:"takeProfit"`        // take-profit price as registered, unprocessed (0: none)
	StopLossDecimal   Decimal `json:"stopLossDecimal"`   // StopLoss as the server shows it, to CloseSymbolDigits places
	TakeProfitDecimal Decimal `json:"takeProfitDecimal"` // TakeProfit as the server shows it, to CloseSymbolDigits places
	// MarginSetType is how the margin is set.
	MarginSetType MarginSetType `json:"marginSetType"`
	// OpenedAt is when the position was opened.
	OpenedAt MilliTime `json:"openTime"`
	// ClosedAt is when the position was closed; zero while it is open.
	ClosedAt MilliTime `json:"closeTime"`
	// Source is where the order came from ("H5", "PC_Web", …).
	Source string `json:"source"`
	// ThirdPartyOrder is the caller's own order reference, if any.
	ThirdPartyOrder string `json:"thirdPartyOrder"`
	// Remark is a free-text note.
	Remark string `json:"remark"`
}

// PositionsParams selects one customer's positions, for
// Trading.ListPositions.
type PositionsParams struct {
	// TradeType is the trading mode (positions exist in modes 1, 2 and 6).
	// Required.
	TradeType TradeType
	// CustomerID is the customer's numeric ID (Customer.ID). Required.
	CustomerID      int64
	CustomerGroupID int64 // the customer's group (Customer.GroupID); required
	// CustomerNo is the customer number (optional).
	CustomerNo string
	// AccountID limits the list to one account; 0: all.
	AccountID int64
	SymbolID  int64 // one product only; 0: all
	// SortBy is the field the list is sorted by (server default: newest
	// first).
	SortBy PositionSortField
	Order  SortOrder // SortAsc or SortDesc; empty: the server's default
	// QuerySource is the source the query is made for; 0: the login source.
	QuerySource RegisterSource
	// ThirdPartyOrder limits the list to the caller's order reference.
	ThirdPartyOrder string
	// PageNo is the page (1-based; 0 means 1) and PageSize its size (0
	// means DefaultPageSize).
	PageNo, PageSize int
}

// Validate checks the params; ListPositions calls it before sending.
func (p *PositionsParams) Validate() error { return customerPositions.check(p.body()) }

func (p *PositionsParams) body() *positionsBody {
	return &positionsBody{
		TradeType: p.TradeType, CustomerGroupID: p.CustomerGroupID, CustomerID: p.CustomerID, CustomerNo: p.CustomerNo,
		AccountID: p.AccountID, SymbolID: p.SymbolID, SortBy: p.SortBy, Order: p.Order, ThirdPartyOrder: p.ThirdPartyOrder,
		Source: p.QuerySource, PageNo: p.PageNo, PageSize: p.PageSize,
	}
}

// ListPositions reads one page of a customer's positions
// (tradeapi.admin.OrderAdminApiService.queryPositionPage). The schema
// answers a bare list without a total; then Page.Total counts the records
// up to this page, plus one when the page is full, so HasNext (and
// ListPositionsAll) ask for the next page exactly when it may hold records.
// A paged answer {total, records} is read too.
//
//mm:op tradeapi.admin.OrderAdminApiService.queryPositionPage
func (s *TradingService) ListPositions(ctx context.Context, p *PositionsParams, opts ...RequestOption) (*Page[Position], error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opPositions, &ValidationError{Field: "PositionsParams", Rule: "required"})
	}
	return s.positionPage(ctx, opPositions, p.Validate, *p.body(), opts)
}

// ListPositionsAll walks every page of ListPositions from p.PageNo, lazily;
// it stops at the first error (yielded once), when the caller stops, or
// when ctx ends.
func (s *TradingService) ListPositionsAll(ctx context.Context, p *PositionsParams, opts ...RequestOption) iter.Seq2[Position, error] {
	return listAll(ctx, p, func(q *PositionsParams) *int { return &q.PageNo }, s.ListPositions, opts)
}

// CompanyPositionsParams selects positions across the company, for
// Trading.ListCompanyPositions. Only TradeType is required; every other
// field narrows the list.
type CompanyPositionsParams struct {
	// TradeType is the trading mode: TradeTypeCrossContract or
	// TradeTypeIsolatedContract. Required.
	TradeType TradeType
	// CustomerGroupID limits the list to one customer group; 0: all.
	CustomerGroupID int64
	CustomerID      int64  // one customer only (Customer.ID); 0: all
	CustomerNo      string // one customer number only; "": all
	AccountID       int64  // one account only; 0: all
	SymbolID        int64  // one product only; 0: all
	OrderID         int64  // one order ID only; 0: all
	// Direction limits the list to Buy or Sell; DirectionUnknown: both.
	Direction Direction
	// OpenedFrom and OpenedTo bound the opening time, both inclusive; zero:
	// not set.
	OpenedFrom, OpenedTo time.Time
	// SortBy is the field the list is sorted by (server default:
	// PositionSortID, descending).
	SortBy PositionSortField
	Order  SortOrder // SortAsc or SortDesc; empty: the server's default
	// QuerySource is the source the query is made for; 0: the login source.
	QuerySource RegisterSource
	// ThirdPartyOrder limits the list to the caller's order reference.
	ThirdPartyOrder string
	// PageNo is the page (1-based; 0 means 1) and PageSize its size (0
	// means DefaultPageSize).
	PageNo, PageSize int
}

// Validate checks the params; ListCompanyPositions calls it before sending.
func (p *CompanyPositionsParams) Validate() error {
	if err := companyPositions.check(p.body()); err != nil {
		return err
	}
	if !p.OpenedFrom.IsZero() && !p.OpenedTo.IsZero() && p.OpenedTo.Before(p.OpenedFrom) {
		return &ValidationError{Field: "CompanyPositionsParams.OpenedTo", Rule: "must not be before OpenedFrom"}
	}
	return nil
}

func (p *CompanyPositionsParams) body() *positionsBody {
	return &positionsBody{
		TradeType: p.TradeType, CustomerGroupID: p.CustomerGroupID, CustomerID: p.CustomerID, CustomerNo: p.CustomerNo,
		AccountID: p.AccountID, SymbolID: p.SymbolID, OrderID: p.OrderID, Direction: p.Direction,
		StartTime: unixMillis(p.OpenedFrom), EndTime: unixMillis(p.OpenedTo),
		SortBy: p.SortBy, Order: p.Order, ThirdPartyOrder: p.ThirdPartyOrder,
		Source: p.QuerySource, PageNo: p.PageNo, PageSize: p.PageSize,
	}
}

// ListCompanyPositions reads one page of positions across the company
// (tradeapi.admin.PositionAdminApiService.queryAllPositionPage).
//
//mm:op tradeapi.admin.PositionAdminApiService.queryAllPositionPage
func (s *TradingService) ListCompanyPositions(ctx context.Context, p *CompanyPositionsParams, opts ...RequestOption) (*Page[Position], error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opCompanyPositions, &ValidationError{Field: "CompanyPositionsParams", Rule: "required"})
	}
	return s.positionPage(ctx, opCompanyPositions, p.Validate, *p.body(), opts)
}

// ListCompanyPositionsAll walks every page of ListCompanyPositions from
// p.PageNo, lazily; it stops at the first error (yielded once), when the
// caller stops, or when ctx ends.
func (s *TradingService) ListCompanyPositionsAll(ctx context.Context, p *CompanyPositionsParams, opts ...RequestOption) iter.Seq2[Position, error] {
	return listAll(ctx, p, func(q *CompanyPositionsParams) *int { return &q.PageNo }, s.ListCompanyPositions, opts)
}

// The two position lists, Trading.ListPositions (one customer's) and
// Trading.ListCompanyPositions (across the company), share their wire form,
// their checks and their page call; positionList holds how their checks
// differ.
type positionList struct {
	params string // the params type, for ValidationError.Field
	// customerRequired: CustomerID and CustomerGroupID are required (> 0),
	// not filters (>= 0).
	customerRequired bool
	// sorts are the fields the list sorts by; sortRule names them for a
	// ValidationError.
	sorts    []PositionSortField
	sortRule string
}

var (
	customerPositions = positionList{params: "PositionsParams", customerRequired: true,
		sorts:    []PositionSortField{PositionSortOrderID, PositionSortOpenTime, PositionSortSymbolID, PositionSortPnL},
		sortRule: "PositionSortOrderID, PositionSortOpenTime, PositionSortSymbolID, PositionSortPnL or empty"}
	companyPositions = positionList{params: "CompanyPositionsParams",
		sorts:    []PositionSortField{PositionSortID, PositionSortOrderID, PositionSortOpenTime, PositionSortSymbolID},
		sortRule: "PositionSortID, PositionSortOrderID, PositionSortOpenTime, PositionSortSymbolID or empty"}
)

// positionsBody is the params of either list and their wire form: every ID
// is an integer, and a field left 0 or empty is not sent. ListPositions
// requires its customer IDs, so it always sends them, and has no order,
// direction or time filter, so it never sends those: its body is the one
// it sent before the two lists shared this type.
type positionsBody struct {
	TradeType       TradeType         `json:"tradeType"`
	CustomerGroupID int64             `json:"customerGroupId,omitempty"`
	CustomerID      int64             `json:"customerId,omitempty"`
	CustomerNo      string            `json:"customerNo,omitempty"`
	AccountID       int64             `json:"accountId,omitempty"`
	SymbolID        int64             `json:"symbolId,omitempty"`
	OrderID         int64             `json:"orderId,omitempty"`
	Direction       Direction         `json:"direction,omitempty"`
	StartTime       int64             `json:"startTime,omitempty"`
	EndTime         int64             `json:"endTime,omitempty"`
	SortBy          PositionSortField `json:"sortFieldName,omitempty"`
	Order           SortOrder         `json:"sortType,omitempty"`
	Size            int               `json:"size"`
	Current         int               `json:"current"`
	QuerySource     string            `json:"querySource,omitempty"`
	ThirdPartyOrder string            `json:"thirdPartyOrder,omitempty"`
	// Source, PageNo and PageSize are the params' values of QuerySource,
	// Current and Size, which positionPage sets.
	Source           RegisterSource `json:"-"`
	PageNo, PageSize int            `json:"-"`
}

// check validates b for list l, naming the first problem's field in l's
// params type.
func (l positionList) check(b *positionsBody) error {
	s := l.params + "."
	if err := fieldPositive(s+"TradeType", int64(b.TradeType)); err != nil {
		return err
	}
	for _, f := range []struct {
		name     string
		v        int64
		required bool
	}{
		{"CustomerID", b.CustomerID, l.customerRequired}, {"CustomerGroupID", b.CustomerGroupID, l.customerRequired},
		{"AccountID", b.AccountID, false}, {"SymbolID", b.SymbolID, false}, {"OrderID", b.OrderID, false},
	} {
		check := fieldNonNegative
		if f.required {
			check = fieldPositive
		}
		if err := check(s+f.name, f.v); err != nil {
			return err
		}
	}
	if b.CustomerNo != "" && !isDigits(b.CustomerNo) {
		return &ValidationError{Field: s + "CustomerNo", Rule: "digits (e.g. 86022441) or empty"}
	}
	if b.Direction != DirectionUnknown && b.Direction != Buy && b.Direction != Sell {
		// Other values make the server return nothing, silently.
		return &ValidationError{Field: s + "Direction", Rule: "Buy, Sell or DirectionUnknown (both)"}
	}
	if b.SortBy != "" && !slices.Contains(l.sorts, b.SortBy) {
		return &ValidationError{Field: s + "SortBy", Rule: l.sortRule}
	}
	if err := validListOptions(s, b.Order, b.Source); err != nil {
		return err
	}
	return validPaging(s, b.PageNo, b.PageSize)
}

// positionPage is the page call of both lists: it validates the params
// (refusing bad ones without sending) and sends body as one page request.
func (s *TradingService) positionPage(ctx context.Context, op *operation, validate func() error, body positionsBody, opts []RequestOption) (*Page[Position], error) {
	if err := validate(); err != nil {
		return nil, s.client.refuse(ctx, op, err)
	}
	pageNo, size := paging(body.PageNo, body.PageSize)
	body.Size, body.Current, body.QuerySource = size, pageNo, querySource(body.Source)
	d, err := call[pageData[Position]](ctx, s.client, op, body, opts)
	if err != nil {
		return nil, err
	}
	return d.page(pageNo, size), nil
}

func validPaging(prefix string, pageNo, pageSize int) error {
	if pageNo < 0 {
		return &ValidationError{Field: prefix + "PageNo", Rule: "must be >= 0 (0: first page)"}
	}
	if pageSize < 0 {
		return &ValidationError{Field: prefix + "PageSize", Rule: "must be >= 0 (0: DefaultPageSize)"}
	}
	return nil
}

func validListOptions(prefix string, order SortOrder, src RegisterSource) error {
	if !order.valid() {
		return &ValidationError{Field: prefix + "Order", Rule: "SortAsc, SortDesc or empty"}
	}
	if src != 0 && !src.Valid() {
		return &ValidationError{Field: prefix + "QuerySource", Rule: "a RegisterSource (SourceH5 … SourceOther) or 0"}
	}
	return nil
}

// paging applies the defaults: page 1, DefaultPageSize.
func paging(pageNo, pageSize int) (int, int) {
	if pageNo < 1 {
		pageNo = 1
	}
	if pageSize < 1 {
		pageSize = DefaultPageSize
	}
	return pageNo, pageSize
}

// querySource is the wire name of a source ("H5", "PC_Web", …), "" for 0.
func querySource(s RegisterSource) string {
	if s == 0 {
		return ""
	}
	return s.String()
}

// pageData reads a page answer: {total, size, current, records} as the
// schemas of the paged lists say, or a bare list (queryPositionPage's
// schema), or null.
type pageData[T any] struct {
	items      []T
	total      int64
	totalKnown bool
}

// UnmarshalJSON accepts a page object, a bare list and null.
func (d *pageData[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '[':
		return json.Unmarshal(b, &d.items)
	}
	var w struct {
		Total   *FlexInt64 `json:"total"`
		Records []T        `json:"records"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d.items = w.Records
	if w.Total != nil {
		d.total, d.totalKnown = int64(*w.Total), true
	}
	return nil
}

// page builds the Page for the requested page number and size. Without a
// total from the server, Total is a lower bound that makes HasNext true
// exactly when the page is full.
func (d *pageData[T]) page(pageNo, size int) *Page[T] {
	total := d.total
	if !d.totalKnown {
		total = int64(pageNo-1)*int64(size) + int64(len(d.items))
		if len(d.items) >= size {
			total++
		}
	}
	return &Page[T]{Items: d.items, Total: total, PageNo: pageNo, PageSize: size}
}

// oneOrMany reads a list that the server sometimes sends as a single
// object or value (or null: empty).
type oneOrMany[T any] []T

// UnmarshalJSON accepts a list, a single value, {}, "" and null.
func (l *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*l = nil
		return nil
	case b[0] == '[':
		var items []T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	}
	if string(b) == "{}" || string(b) == `""` {
		*l = nil
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = oneOrMany[T]{one}
	return nil
}
