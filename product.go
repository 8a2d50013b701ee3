package multimarkets

import (
	"context"
	"strconv"
	"time"
)

// ProductService reads the company's tradable products ("symbols"), product
// groups and funds, and which customer groups may trade them.
type ProductService service

var (
	opSymbolTradeTypes = defineOp(&operation{Name: "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", ReadOnly: true})
	opSymbolList       = defineOp(&operation{Name: "config.admin.AdminSymbolDubboService.getSymbolList", ReadOnly: true})
	opSymbolGroupList  = defineOp(&operation{Name: "config.admin.AdminSymbolDubboService.getSymbolGroupList", ReadOnly: true})
	opSymbolDetails    = defineOp(&operation{Name: "config.admin.AdminSymbolDubboService.getSymbolByCompanyId", ReadOnly: true})
	opFundList         = defineOp(&operation{Name: "config.admin.AdminSymbolDubboService.getFundByCompanyId", ReadOnly: true})
)

// GroupProductsParams selects the products one customer group may trade in
// one trading mode, for Products.ListForGroup.
type GroupProductsParams struct {
	// TradeType is the trading mode. Required.
	TradeType TradeType
	// CustomerGroupID is the customer group (1 is the default group).
	// Required, > 0.
	CustomerGroupID int64
}

// Validate checks the params; ListForGroup calls it before sending.
func (p *GroupProductsParams) Validate() error {
	if err := fieldPositive("GroupProductsParams.TradeType", int64(p.TradeType)); err != nil {
		return err
	}
	return fieldPositive("GroupProductsParams.CustomerGroupID", p.CustomerGroupID)
}

// groupProductsBody is the wire form: all three fields are strings in the
// schema (the example's numbers contradict it; the schema wins).
type groupProductsBody struct {
	CompanyID       string `json:"companyId"`
	TradeType       string `json:"tradeType"`
	CustomerGroupID string `json:"customerGroupId"`
}

// GroupProduct is a product a customer group may trade in a trading mode.
type GroupProduct struct {
	// SymbolID is the product's ID.
	SymbolID FlexInt64 `json:"symbolId"`
	// SymbolCode is the product's code, e.g. "BINAN_ATOM_USDT".
	SymbolCode string `json:"symbolCode"`
	// SymbolName is the product's display name.
	SymbolName string `json:"symbolName"`
	// CustomerGroupID is the customer group.
	CustomerGroupID FlexInt64 `json:"customerGroupId"`
	// TradeType is the trading mode.
	TradeType TradeType `json:"tradeType"`
	// TradeTypeName is the trading mode's name, e.g. "Contract full position".
	TradeTypeName string `json:"tradeTypeName"`
}

// ListForGroup lists the products a customer group may trade in a trading
// mode (config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId).
//
//mm:op config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId
func (s *ProductService) ListForGroup(ctx context.Context, p *GroupProductsParams, opts ...RequestOption) ([]GroupProduct, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opSymbolTradeTypes, &ValidationError{Field: "GroupProductsParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opSymbolTradeTypes, err)
	}
	body := groupProductsBody{
		CompanyID: s.client.cfg.companyID, TradeType: strconv.Itoa(int(p.TradeType)),
		CustomerGroupID: strconv.FormatInt(p.CustomerGroupID, 10),
	}
	return call[[]GroupProduct](ctx, s.client, opSymbolTradeTypes, body, opts)
}

// ListProductsParams selects the products of a customer group, for
// Products.List.
type ListProductsParams struct {
	// CustomerGroupID is the customer group. Required, > 0.
	CustomerGroupID int64
	// Name searches by product name; empty lists all the group's products.
	Name string
}

// Validate checks the params; List calls it before sending.
func (p *ListProductsParams) Validate() error {
	return fieldPositive("ListProductsParams.CustomerGroupID", p.CustomerGroupID)
}

type listProductsBody struct {
	Name            string `json:"name,omitempty"`
	CustomerGroupID int64  `json:"customerGroupId"`
}

// Product is a tradable product as the customer-group product list
// describes it.
type Product struct {
	// ID is the product's ID.
	ID FlexInt64 `json:"id"`
	// Status says whether the product is enabled.
	Status RecordStatus `json:"status"`
	// Name is the product's name.
	Name string `json:"name"`
	// Code is the product's code.
	Code string `json:"code"`
	// BaseCurrency is the currency bought or sold, e.g. "ATOM".
	BaseCurrency string `json:"baseCurrency"`
	// ProfitCurrency is the currency profit is counted in, e.g. "USDT".
	ProfitCurrency string `json:"profitCurrency"`
	// SourceID is the market-data source, e.g. "CA_BINANCE_SPOT_ATOM_USDT".
	SourceID string `json:"sourceId"`
	// TradeTypes are the trading modes the product supports (wire "1,5").
	TradeTypes TradeTypeList `json:"tradeTypes"`
	// ETF reports whether the product is an ETF.
	ETF bool `json:"etf"`
}

// List lists a customer group's products, optionally searched by name
// (config.admin.AdminSymbolDubboService.getSymbolList).
//
//mm:op config.admin.AdminSymbolDubboService.getSymbolList
func (s *ProductService) List(ctx context.Context, p *ListProductsParams, opts ...RequestOption) ([]Product, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opSymbolList, &ValidationError{Field: "ListProductsParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opSymbolList, err)
	}
	return call[[]Product](ctx, s.client, opSymbolList, listProductsBody{Name: p.Name, CustomerGroupID: p.CustomerGroupID}, opts)
}

// ProductGroup is a group of products (config's SymbolGroup).
type ProductGroup struct {
	// ID is the group's ID.
	ID FlexInt64 `json:"id"`
	// Name is the group's name.
	Name string `json:"name"`
	// Status says whether the group is enabled.
	Status RecordStatus `json:"status"`
	// CreatedBy is the back-office user who created the group.
	CreatedBy string `json:"createBy"`
	// UpdatedBy is the back-office user who last changed the group.
	UpdatedBy string `json:"updateBy"`
	// CreatedAt is when the group was created.
	CreatedAt MilliTime `json:"createTime"`
	// UpdatedAt is when the group was last changed.
	UpdatedAt MilliTime `json:"updateTime"`
}

// ListGroups lists the company's product groups
// (config.admin.AdminSymbolDubboService.getSymbolGroupList).
//
//mm:op config.admin.AdminSymbolDubboService.getSymbolGroupList
func (s *ProductService) ListGroups(ctx context.Context, opts ...RequestOption) ([]ProductGroup, error) {
	return call[[]ProductGroup](ctx, s.client, opSymbolGroupList, struct{}{}, opts)
}

// ProductDetailsParams filters Products.ListDetails.
type ProductDetailsParams struct {
	// TradeType limits the list to one trading mode; 0 lists all.
	TradeType TradeType
}

type productDetailsBody struct {
	CompanyID string `json:"companyId"`
	TradeType int    `json:"tradeType,omitempty"`
}

// ProductDetail is a product's full configuration: prices' precision,
// spreads, permissions and trading hours.
type ProductDetail struct {
	// TradeType is the trading mode.
	TradeType TradeType `json:"tradeType"`
	// SymbolID is the product's ID.
	SymbolID FlexInt64 `json:"symbolId"`
	// SymbolCode is the product's code, e.g. "USDCHF".
	SymbolCode string `json:"symbolCode"`
	// SymbolName is the product's display name, e.g. "USD/CHF".
	SymbolName string `json:"symbolName"`
	// BaseCurrency is the product's base currency.
	BaseCurrency   string `json:"baseCurrency"`
	ProfitCurrency string `json:"profitCurrency"` // profit-and-loss currency; empty when sent as null
	// CustomerGroupIDs are the customer groups allowed to trade it.
	CustomerGroupIDs IDList `json:"customerGroupIds"`
	// SymbolGroupIDs are the product groups it belongs to.
	SymbolGroupIDs IDList `json:"symbolGroupIds"`
	// Digits is the number of decimal places of its prices.
	Digits FlexInt64 `json:"symbolDigits"`
	// AskSpread is the spread added to the ask.
	AskSpread Decimal `json:"askSpread"`
	// BidSpread is the spread added to the bid.
	BidSpread Decimal `json:"bidSpread"`
	// PointRatio is the "big point" ratio.
	PointRatio FlexInt64 `json:"pointRatio"`
	// DealMode is the deal mode code.
	DealMode FlexInt64 `json:"dealMode"`
	// ETF reports whether the product is an ETF.
	ETF bool `json:"etf"`
	// FundID is the related fund, 0 if none.
	FundID FlexInt64 `json:"fundId"`
	// Labels are the product's labels as the server sends them.
	Labels string `json:"labels"`
	// SortNum orders products in lists.
	SortNum FlexInt64 `json:"sortNum"`
	// ShortLoan reports whether short loans are enabled (wire
	// enableShortLoan, an integer flag).
	ShortLoan FlexInt64 `json:"enableShortLoan"`
	LongLoan  FlexInt64 `json:"enableLongLoan"` // whether long loans are enabled (wire enableLongLoan)
	// Dividend is the server's "dividend" flag (documented as "is trading
	// enabled").
	Dividend FlexInt64 `json:"dividend"`
	// InHoliday reports whether the product is in a holiday now (wire 1/0).
	InHoliday FlexInt64 `json:"inHolidayTime"`
	// InTradingHours reports whether the product is in its trading hours
	// now (wire 1/0).
	InTradingHours FlexInt64 `json:"inTradeTime"`
	// Holidays are the product's holidays.
	Holidays []Holiday `json:"holidayTimeList"`
	// Sessions are the product's weekly trading sessions.
	Sessions []TradingSession `json:"tradeTimeList"`
}

// Holiday is a period in which a product does not trade.
type Holiday struct {
	// Start is when the holiday begins.
	Start MilliTime `json:"startTime"`
	End   MilliTime `json:"endTime"` // when the holiday ends
}

// TradingSession is a weekly trading session of a product.
type TradingSession struct {
	// DayOfWeek is the day, 1 (Monday) to 7 (Sunday) as documented.
	DayOfWeek FlexInt64 `json:"dayOfWeek"`
	// StartSeconds is the session's start in seconds after midnight (see
	// Start).
	StartSeconds FlexInt64 `json:"startTime"`
	EndSeconds   FlexInt64 `json:"endTime"` // session end in seconds after midnight (see End)
}

// Weekday returns the session's day as a time.Weekday (7 is Sunday).
func (t TradingSession) Weekday() time.Weekday { return time.Weekday(t.DayOfWeek % 7) }

// Start returns the session's start as an offset from midnight.
func (t TradingSession) Start() time.Duration { return time.Duration(t.StartSeconds) * time.Second }

// End returns the session's end as an offset from midnight.
func (t TradingSession) End() time.Duration { return time.Duration(t.EndSeconds) * time.Second }

// ListDetails lists the company's products with their full configuration,
// optionally for one trading mode
// (config.admin.AdminSymbolDubboService.getSymbolByCompanyId). p may be nil.
//
//mm:op config.admin.AdminSymbolDubboService.getSymbolByCompanyId
func (s *ProductService) ListDetails(ctx context.Context, p *ProductDetailsParams, opts ...RequestOption) ([]ProductDetail, error) {
	body := productDetailsBody{CompanyID: s.client.cfg.companyID}
	if p != nil {
		if p.TradeType < 0 {
			return nil, s.client.refuse(ctx, opSymbolDetails, &ValidationError{Field: "ProductDetailsParams.TradeType", Rule: "must be >= 0 (0: all)"})
		}
		body.TradeType = int(p.TradeType)
	}
	return call[[]ProductDetail](ctx, s.client, opSymbolDetails, body, opts)
}

// Fund is a trading fund and the customer groups allowed to trade it.
type Fund struct {
	// FundID is the fund's ID.
	FundID FlexInt64 `json:"fundId"`
	// ShareTokenCode is the fund's trading code, e.g. "V10".
	ShareTokenCode string `json:"shareTokenCode"`
	// FundName is the fund's name.
	FundName string `json:"fundName"`
	// CustomerGroupIDs are the customer groups allowed to trade it.
	CustomerGroupIDs IDList `json:"customerGroupIds"`
}

type companyBody struct {
	CompanyID string `json:"companyId"`
}

// ListFunds lists the company's funds
// (config.admin.AdminSymbolDubboService.getFundByCompanyId).
//
//mm:op config.admin.AdminSymbolDubboService.getFundByCompanyId
func (s *ProductService) ListFunds(ctx context.Context, opts ...RequestOption) ([]Fund, error) {
	return call[[]Fund](ctx, s.client, opFundList, companyBody{CompanyID: s.client.cfg.companyID}, opts)
}
