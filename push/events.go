package push

import (
	"fmt"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// EventType is the "eventType" of a pushed message. The constants below are
// every event type the data-push documentation describes; the server may
// send others, which are delivered with a nil Event.Payload and the raw data.
type EventType string

// Documented event types, in the order of the data-push documentation.
const (
	EventRegister           EventType = "register"             // customer registered; Payload *Register
	EventCustomerUpdate     EventType = "customer_update"      // customer changed; Payload *CustomerUpdate
	EventCustomerInfoInsert EventType = "customer_info_insert" // customer details added; Payload *CustomerInfoInsert
	EventCustomerInfoUpdate EventType = "customer_info_update" // customer details changed; Payload *CustomerInfoUpdate
	EventKYC                EventType = "kyc"                  // KYC level approved; Payload *KYC
	EventOpenAccount        EventType = "open_account"         // trading account opened; Payload *OpenAccount
	EventAccountUpdate      EventType = "account_update"       // trading account changed; Payload *AccountUpdate
	EventSubjectInsert      EventType = "subject_insert"       // balance subject created; Payload *SubjectInsert
	EventSubjectUpdate      EventType = "subject_update"       // balance subject changed; Payload *SubjectUpdate
	EventSubjectWaterInsert EventType = "subject_water_insert" // balance journal entry added; Payload *SubjectWaterInsert
	EventSubjectWaterUpdate EventType = "subject_water_update" // balance journal entry changed; Payload *SubjectWaterUpdate
	EventPositionInsert     EventType = "position_insert"      // position opened; Payload *PositionInsert
	EventPositionUpdate     EventType = "position_update"      // position changed; Payload *PositionUpdate
	EventPositionDelete     EventType = "position_delete"      // position removed; Payload *PositionDelete
	EventTradeDeal          EventType = "trade_deal"           // deal executed; Payload *TradeDeal
	EventDeposit            EventType = "deposit"              // deposit succeeded; Payload *Deposit
	EventAccountAdjust      EventType = "account_adjust"       // quota adjustment; Payload *AccountAdjust
	EventWithdraw           EventType = "withdraw"             // withdrawal proposal added/changed; Payload *Withdraw
)

// EventTypes returns every documented event type, in documentation order.
func EventTypes() []EventType {
	return []EventType{
		EventRegister, EventCustomerUpdate, EventCustomerInfoInsert, EventCustomerInfoUpdate,
		EventKYC, EventOpenAccount, EventAccountUpdate, EventSubjectInsert, EventSubjectUpdate,
		EventSubjectWaterInsert, EventSubjectWaterUpdate, EventPositionInsert, EventPositionUpdate,
		EventPositionDelete, EventTradeDeal, EventDeposit, EventAccountAdjust, EventWithdraw,
	}
}

// Known reports whether t is one of the documented event types, i.e.
// whether a message of this type is decoded into a typed Payload.
func (t EventType) Known() bool { _, ok := payloadFactories[t]; return ok }

// Payload is the typed data of a documented event. Use a type switch on
// Event.Payload (case *push.Register, case *push.SubjectUpdate, …); the
// concrete type always matches Event.Type.
type Payload interface {
	// EventType returns the event type this payload belongs to.
	EventType() EventType
	// keys returns the fields the subscriber uses for identity and ordering.
	keys() recordKeys
}

type recordKeys struct {
	id         multimarkets.FlexString
	customerNo string
	accountID  multimarkets.FlexString
}

var payloadFactories = map[EventType]func() Payload{
	EventRegister:           func() Payload { return new(Register) },
	EventCustomerUpdate:     func() Payload { return new(CustomerUpdate) },
	EventCustomerInfoInsert: func() Payload { return new(CustomerInfoInsert) },
	EventCustomerInfoUpdate: func() Payload { return new(CustomerInfoUpdate) },
	EventKYC:                func() Payload { return new(KYC) },
	EventOpenAccount:        func() Payload { return new(OpenAccount) },
	EventAccountUpdate:      func() Payload { return new(AccountUpdate) },
	EventSubjectInsert:      func() Payload { return new(SubjectInsert) },
	EventSubjectUpdate:      func() Payload { return new(SubjectUpdate) },
	EventSubjectWaterInsert: func() Payload { return new(SubjectWaterInsert) },
	EventSubjectWaterUpdate: func() Payload { return new(SubjectWaterUpdate) },
	EventPositionInsert:     func() Payload { return new(PositionInsert) },
	EventPositionUpdate:     func() Payload { return new(PositionUpdate) },
	EventPositionDelete:     func() Payload { return new(PositionDelete) },
	EventTradeDeal:          func() Payload { return new(TradeDeal) },
	EventDeposit:            func() Payload { return new(Deposit) },
	EventAccountAdjust:      func() Payload { return new(AccountAdjust) },
	EventWithdraw:           func() Payload { return new(Withdraw) },
}

// Customer is a customer record, as pushed by register and customer_update.
// Fields only one of the two events documents are zero in the other.
type Customer struct {
	ID                   multimarkets.FlexString     `json:"id"`                   // customer ID (record key)
	CompanyID            multimarkets.FlexString     `json:"companyId"`            // white-label company ID
	CustomerNo           string                      `json:"customerNo"`           // customer number, e.g. "86000079"
	CustomerGroupID      multimarkets.FlexString     `json:"customerGroupId"`      // customer group ID
	Country              string                      `json:"country"`              // country code
	Language             string                      `json:"language"`             // language, e.g. "zh-CN"
	Phone                string                      `json:"phone"`                // phone number
	PhoneArea            string                      `json:"phoneArea"`            // phone area code, e.g. "+86"
	Email                string                      `json:"email"`                // e-mail address
	EmailArea            string                      `json:"emailArea"`            // e-mail area code
	Birthday             string                      `json:"birthday"`             // date of birth (KYC backfill; customer_update)
	KYCAuditStatus       multimarkets.KYCAuditStatus `json:"kycAuditStatus"`       // registration KYC audit state
	KYCAuditRemark       string                      `json:"kycAuditRemark"`       // KYC audit result text
	Optional             Bool                        `json:"optional"`             // optional flag (0 not added, 1 added)
	RegisterSource       multimarkets.RegisterSource `json:"registerSource"`       // client registered from (register)
	RegisterType         multimarkets.LoginType      `json:"registerType"`         // registration method (register): LoginEmail, LoginPhone or LoginAccount
	Ext2                 string                      `json:"ext2"`                 // third-party unique code, original value (register)
	Ext4                 string                      `json:"ext4"`                 // third-party unique code, decrypted value (register)
	Status               multimarkets.CustomerStatus `json:"status"`               // customer state
	FirstOpenAccountTime multimarkets.MilliTime      `json:"firstOpenAccountTime"` // first account opening (customer_update)
	LoginIP              string                      `json:"loginIp"`              // last login IP (customer_update)
	LoginTime            multimarkets.MilliTime      `json:"loginTime"`            // last login time (customer_update)
	Revision             multimarkets.FlexInt64      `json:"revision"`             // record version (customer_update)
	CreateBy             multimarkets.FlexString     `json:"createBy"`             // creator (customer_update)
	CreateTime           multimarkets.MilliTime      `json:"createTime"`           // creation time
	UpdateBy             multimarkets.FlexString     `json:"updateBy"`             // last updater (customer_update)
	UpdateTime           multimarkets.MilliTime      `json:"updateTime"`           // last update (customer_update)
}

func (c *Customer) keys() recordKeys { return recordKeys{id: c.ID, customerNo: c.CustomerNo} }

// String names the customer by ID and customer number only: the record
// holds a phone, an e-mail, a birthday and an IP.
func (c Customer) String() string { return redactedPayload("Customer", c.keys()) }

// Format prints String under every fmt verb (%v, %+v, %#v, %x, …).
func (c Customer) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// GoString is String.
func (c Customer) GoString() string { return c.String() }

// Register is the payload of a "register" event: a customer registered.
type Register struct{ Customer }

// CustomerUpdate is the payload of a "customer_update" event: a customer's
// data (status, contact, KYC backfill, login) changed.
type CustomerUpdate struct{ Customer }

// CustomerInfo is a customer-details record (registration channel, UTM
// parameters, address), as pushed by customer_info_insert and
// customer_info_update.
type CustomerInfo struct {
	ID             multimarkets.FlexString   `json:"id"`             // customer-details ID (record key)
	CustomerInfoID multimarkets.FlexString   `json:"customerInfoId"` // customer-details ID (same as ID)
	CompanyID      multimarkets.FlexString   `json:"companyId"`      // company ID
	UnitID         multimarkets.FlexString   `json:"unitId"`         // unit ID
	CustomerNo     string                    `json:"customerNo"`     // customer number
	Country        string                    `json:"country"`        // country code
	RegisterIP     string                    `json:"registerIp"`     // IP at registration
	RegisterDevice string                    `json:"registerDevice"` // device model at registration
	UTMSource      string                    `json:"utmSource"`      // account-opening link parameter source
	UTMMedium      string                    `json:"utmMedium"`      // account-opening link parameter medium
	UTMCampaign    string                    `json:"utmCampaign"`    // account-opening link parameter campaign
	UTMContent     string                    `json:"utmContent"`     // account-opening link parameter content
	UTMTerm        string                    `json:"utmTerm"`        // account-opening link parameter term
	Province       string                    `json:"province"`       // province
	City           string                    `json:"city"`           // city
	Address        string                    `json:"address"`        // detailed address
	Remark         string                    `json:"remark"`         // remarks
	Ext1           string                    `json:"ext1"`           // extension field 1
	Ext2           string                    `json:"ext2"`           // extension field 2
	Ext3           string                    `json:"ext3"`           // extension field 3
	Ext4           string                    `json:"ext4"`           // extension field 4
	Ext5           string                    `json:"ext5"`           // extension field 5
	Status         multimarkets.RecordStatus `json:"status"`         // record state
	Revision       multimarkets.FlexInt64    `json:"revision"`       // record version
	CreateBy       multimarkets.FlexString   `json:"createBy"`       // creator
	CreateTime     multimarkets.MilliTime    `json:"createTime"`     // creation time
	UpdateBy       multimarkets.FlexString   `json:"updateBy"`       // last updater (update only)
	UpdateTime     multimarkets.MilliTime    `json:"updateTime"`     // last update (update only)
}

func (c *CustomerInfo) keys() recordKeys { return recordKeys{id: c.ID, customerNo: c.CustomerNo} }

// String names the record by ID and customer number only: it holds an IP
// and an address.
func (c CustomerInfo) String() string { return redactedPayload("CustomerInfo", c.keys()) }

// Format prints String under every fmt verb.
func (c CustomerInfo) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// GoString is String.
func (c CustomerInfo) GoString() string { return c.String() }

// CustomerInfoInsert is the payload of "customer_info_insert".
type CustomerInfoInsert struct{ CustomerInfo }

// CustomerInfoUpdate is the payload of "customer_info_update".
type CustomerInfoUpdate struct{ CustomerInfo }

// KYC is the payload of a "kyc" event: a KYC level certification was
// reviewed.
type KYC struct {
	ID           multimarkets.FlexString   `json:"id"`           // record ID (record key)
	CompanyID    multimarkets.FlexString   `json:"companyId"`    // company ID
	CustomerNo   string                    `json:"customerNo"`   // customer number
	BusinessCode string                    `json:"businessCode"` // business code: open_account, cashin, withdraw, or "1" for identity authentication
	LevelCode    string                    `json:"levelCode"`    // KYC level, e.g. "level_2"
	PathCode     string                    `json:"pathCode"`     // KYC path
	PNo          string                    `json:"pno"`          // KYC proposal number
	Status       multimarkets.ReviewStatus `json:"status"`       // review state
	Approval     string                    `json:"approval"`     // approver
	ApprovalTime multimarkets.MilliTime    `json:"approvalTime"` // approval time
	Ext1         string                    `json:"ext1"`         // extension field 1
	Ext2         string                    `json:"ext2"`         // extension field 2
	Revision     multimarkets.FlexInt64    `json:"revision"`     // record version
	CreateTime   multimarkets.MilliTime    `json:"createTime"`   // creation time
	UpdateBy     multimarkets.FlexString   `json:"updateBy"`     // last updater
	UpdateTime   multimarkets.MilliTime    `json:"updateTime"`   // last update
}

func (k *KYC) keys() recordKeys { return recordKeys{id: k.ID, customerNo: k.CustomerNo} }

// EventType returns EventKYC.
func (*KYC) EventType() EventType { return EventKYC }

// Account is a trading account, as pushed by open_account and
// account_update.
type Account struct {
	ID             multimarkets.FlexString    `json:"id"`             // account ID (record key)
	CompanyID      multimarkets.FlexString    `json:"companyId"`      // company ID
	CustomerID     multimarkets.FlexString    `json:"customerId"`     // customer ID
	CustomerNo     string                     `json:"customerNo"`     // customer number
	Currency       multimarkets.FlexString    `json:"currency"`       // account asset ID
	CurrencyCode   string                     `json:"currencyCode"`   // account currency, e.g. "USDT"
	Digits         multimarkets.FlexInt64     `json:"digits"`         // decimal places of the account's amounts
	TradeType      multimarkets.TradeType     `json:"tradeType"`      // trading mode
	Type           multimarkets.AccountKind   `json:"type"`           // owner kind
	Status         multimarkets.AccountStatus `json:"status"`         // account state
	ActivateStatus multimarkets.AccountStatus `json:"activateStatus"` // activation state
	CreateTime     multimarkets.MilliTime     `json:"createTime"`     // creation time
	UpdateTime     multimarkets.MilliTime     `json:"updateTime"`     // last update
}

func (a *Account) keys() recordKeys {
	return recordKeys{id: a.ID, customerNo: a.CustomerNo, accountID: a.ID}
}

// OpenAccount is the payload of "open_account": a trading account was
// opened (registration opens one per configured trading mode).
type OpenAccount struct{ Account }

// AccountUpdate is the payload of "account_update".
type AccountUpdate struct{ Account }

// Subject is one balance of a trading account (its "subject"), as pushed by
// subject_insert and subject_update. Amount is a scaled integer:
// Amount.Scaled(int(Digits)) is the balance in the account currency.
type Subject struct {
	ID         multimarkets.FlexString `json:"id"`         // subject ID (record key)
	AccountID  multimarkets.FlexString `json:"accountId"`  // trading account ID
	Type       SubjectType             `json:"type"`       // which balance (SubjectMarginBalance is the balance)
	Amount     multimarkets.Decimal    `json:"amount"`     // amount, scaled by Digits
	Digits     multimarkets.FlexInt64  `json:"digits"`     // decimal places of Amount
	Version    multimarkets.FlexInt64  `json:"version"`    // version number; increases with each change
	CreateTime multimarkets.MilliTime  `json:"createTime"` // creation time
	UpdateTime multimarkets.MilliTime  `json:"updateTime"` // last update
}

func (s *Subject) keys() recordKeys { return recordKeys{id: s.ID, accountID: s.AccountID} }

// SubjectInsert is the payload of "subject_insert": a balance subject was
// created.
type SubjectInsert struct{ Subject }

// SubjectUpdate is the payload of "subject_update": a balance changed
// (deposit, adjustment, trade, …); Amount is the new balance.
type SubjectUpdate struct{ Subject }

// SubjectWater is one balance journal entry ("account change details"), as
// pushed by subject_water_insert and subject_water_update. The amounts are
// scaled integers with Digits decimal places.
type SubjectWater struct {
	ID            multimarkets.FlexString  `json:"id"`            // journal entry ID (record key; "0" in the docs' example)
	AccountID     multimarkets.FlexString  `json:"accountId"`     // trading account ID
	AccountType   multimarkets.FlexInt64   `json:"accountType"`   // account type (values undocumented)
	CompanyID     multimarkets.FlexString  `json:"companyId"`     // company ID
	CustomerID    multimarkets.FlexString  `json:"customerId"`    // customer ID
	CustomerNo    string                   `json:"customerNo"`    // customer number
	AmountIn      multimarkets.Decimal     `json:"amountIn"`      // amount credited, scaled by Digits
	AmountOut     multimarkets.Decimal     `json:"amountOut"`     // amount debited, scaled by Digits
	AmountAfter   multimarkets.Decimal     `json:"amountAfter"`   // balance after the change, scaled by Digits
	Digits        multimarkets.FlexInt64   `json:"digits"`        // decimal places of the amounts
	BookkeepID    multimarkets.FlexString  `json:"bookkeepId"`    // voucher record ID
	BusinessType  multimarkets.FlowType    `json:"businessType"`  // business category
	BusinessType1 multimarkets.FlowSubtype `json:"businessType1"` // detailed business type
	Currency      multimarkets.FlexString  `json:"currency"`      // currency asset ID
	CurrencyCode  string                   `json:"currencyCode"`  // currency code
	OrderID       multimarkets.FlexString  `json:"orderId"`       // trading order ID
	Remark        string                   `json:"remark"`        // remark
	Status        multimarkets.FlexInt64   `json:"status"`        // status (values undocumented)
	SubjectID     multimarkets.FlexString  `json:"subjectId"`     // subject (balance) ID
	SubjectType   SubjectType              `json:"subjectType"`   // which balance changed
	TradeType     multimarkets.TradeType   `json:"tradeType"`     // trading mode
	Version       multimarkets.FlexInt64   `json:"version"`       // version number
	CreateTime    multimarkets.MilliTime   `json:"createTime"`    // creation time
	UpdateTime    multimarkets.MilliTime   `json:"updateTime"`    // last update
}

func (w *SubjectWater) keys() recordKeys {
	return recordKeys{id: w.ID, customerNo: w.CustomerNo, accountID: w.AccountID}
}

// SubjectWaterInsert is the payload of "subject_water_insert": a balance
// journal entry was written (one per balance change).
type SubjectWaterInsert struct{ SubjectWater }

// SubjectWaterUpdate is the payload of "subject_water_update".
type SubjectWaterUpdate struct{ SubjectWater }

// Position is an open or closed position, as pushed by position_insert,
// position_update and position_delete. Prices (CostPrice, OpenPrice,
// TakeProfit, StopLoss) use SymbolDigits decimal places, fees use
// CurrencyDigits; OpenVolume = ContractSize × lots.
type Position struct {
	ID                 multimarkets.FlexString     `json:"id"`                 // position ID (record key)
	AccountID          multimarkets.FlexString     `json:"accountId"`          // trading account ID
	CompanyID          multimarkets.FlexString     `json:"companyId"`          // company ID
	CustomerID         multimarkets.FlexString     `json:"customerId"`         // customer ID
	CustomerNo         string                      `json:"customerNo"`         // customer number
	CustomerGroupID    multimarkets.FlexString     `json:"customerGroupId"`    // customer group ID
	BizType            multimarkets.OrderType      `json:"bizType"`            // opening business type
	Direction          multimarkets.Direction      `json:"direction"`          // side
	Status             multimarkets.PositionStatus `json:"status"`             // position state
	SymbolID           multimarkets.FlexString     `json:"symbolId"`           // product ID
	SymbolDigits       multimarkets.FlexInt64      `json:"symbolDigits"`       // product decimal places (prices)
	Currency           string                      `json:"currency"`           // asset code, e.g. "HKD"
	CurrencyDigits     multimarkets.FlexInt64      `json:"currencyDigits"`     // asset decimal places (fees)
	ContractSize       multimarkets.Decimal        `json:"contractSize"`       // contract size
	CostPrice          multimarkets.Decimal        `json:"costPrice"`          // cost price
	OpenPrice          multimarkets.Decimal        `json:"openPrice"`          // opening price
	OpenVolume         multimarkets.Decimal        `json:"openVolume"`         // opening quantity
	OpenFee            multimarkets.Decimal        `json:"openFee"`            // opening fee
	CloseFee           multimarkets.Decimal        `json:"closeFee"`           // closing fee
	OpenMargin         multimarkets.Decimal        `json:"openMargin"`         // opening margin
	CollateralFrozen   multimarkets.Decimal        `json:"collatrealFrozen"`   // collateral amount (field name misspelled on the wire)
	DealID             multimarkets.FlexString     `json:"dealId"`             // deal record ID
	OrderID            multimarkets.FlexString     `json:"orderId"`            // order ID
	TradeModel         multimarkets.FlexInt64      `json:"tradeModel"`         // transaction model (values undocumented)
	TradeType          multimarkets.TradeType      `json:"tradeType"`          // trading mode
	Interest           multimarkets.Decimal        `json:"interest"`           // interest to be collected (single-position)
	OpenTradeAmount    multimarkets.Decimal        `json:"openTradeAmount"`    // opening transaction amount
	CurrentTradeAmount multimarkets.Decimal        `json:"currentTradeAmount"` // current transaction amount
	LockNum            multimarkets.Decimal        `json:"lockNum"`            // locked quantity (single-position)
	CrossLevelNum      multimarkets.Decimal        `json:"crossLevelNum"`      // leverage multiple
	MaintenanceMargin  multimarkets.Decimal        `json:"maintenanceMargin"`  // maintenance margin (single-position)
	MarginSetType      multimarkets.MarginSetType  `json:"marginSetType"`      // margin type
	OccupyTheMargin    multimarkets.Decimal        `json:"occupyTheMargin"`    // occupied margin (single-position)
	SingleMargin       multimarkets.Decimal        `json:"singleMargin"`       // unit margin (single-position)
	WarningMargin      multimarkets.Decimal        `json:"warningMargin"`      // warning margin (single-position)
	TakeProfit         multimarkets.Decimal        `json:"takeProfit"`         // take-profit price, integer scaled by SymbolDigits
	StopLoss           multimarkets.Decimal        `json:"stopLoss"`           // stop-loss price, integer scaled by SymbolDigits
	CreateBy           multimarkets.FlexString     `json:"createBy"`           // creator ID
	CreateTime         multimarkets.MilliTime      `json:"createTime"`         // creation time
	UpdateBy           multimarkets.FlexString     `json:"updateBy"`           // updater ID
	UpdateTime         multimarkets.MilliTime      `json:"updateTime"`         // last update
}

func (p *Position) keys() recordKeys {
	return recordKeys{id: p.ID, customerNo: p.CustomerNo, accountID: p.AccountID}
}

// PositionInsert is the payload of "position_insert": a position was opened.
type PositionInsert struct{ Position }

// PositionUpdate is the payload of "position_update".
type PositionUpdate struct{ Position }

// PositionDelete is the payload of "position_delete": a position record was
// removed. The documented example carries no customerId.
type PositionDelete struct{ Position }

// TradeDeal is the payload of "trade_deal": a deal (fill) was executed.
// ExecutePrice uses Digits decimal places, Fee uses FeeDigits, amounts and
// Pnl use AccountDigits.
type TradeDeal struct {
	ID                      multimarkets.FlexString  `json:"id"`                      // deal record ID (record key)
	AccountID               multimarkets.FlexString  `json:"accountId"`               // trading account ID
	AccountDigits           multimarkets.FlexInt64   `json:"accountDigits"`           // account decimal places
	CompanyID               multimarkets.FlexString  `json:"companyId"`               // company ID
	CustomerID              multimarkets.FlexString  `json:"customerId"`              // customer ID
	CustomerNo              string                   `json:"customerNo"`              // customer number
	CustomerGroupID         multimarkets.FlexString  `json:"customerGroupId"`         // customer group ID
	BizType                 multimarkets.OrderType   `json:"bizType"`                 // order type (see OrderType.Name for spot)
	TradeType               multimarkets.TradeType   `json:"tradeType"`               // trading mode
	OrderID                 multimarkets.FlexString  `json:"orderId"`                 // order ID
	OrderStatus             multimarkets.OrderStatus `json:"orderStatus"`             // order state
	PositionID              multimarkets.FlexString  `json:"positionId"`              // position ID
	SymbolID                multimarkets.FlexString  `json:"symbolId"`                // product ID
	SymbolName              string                   `json:"symbolName"`              // product name
	Direction               multimarkets.Direction   `json:"direction"`               // side
	ContractSize            multimarkets.Decimal     `json:"contractSize"`            // contract size
	Digits                  multimarkets.FlexInt64   `json:"digits"`                  // decimal places of ExecutePrice
	ExecutePrice            multimarkets.Decimal     `json:"executePrice"`            // execution price, scaled by Digits
	ExecuteNum              multimarkets.Decimal     `json:"executeNum"`              // executed quantity
	ExecuteTime             multimarkets.MilliTime   `json:"executeTime"`             // execution time
	ExecuteMargin           multimarkets.Decimal     `json:"executeMargin"`           // opening margin
	ExecuteMarginCategoryID multimarkets.FlexString  `json:"executeMarginCategoryId"` // margin category ID
	Fee                     multimarkets.Decimal     `json:"fee"`                     // fee, scaled by FeeDigits
	FeeDigits               multimarkets.FlexInt64   `json:"feeDigits"`               // decimal places of Fee
	ConvertExchangeRate     multimarkets.Decimal     `json:"convertExchangeRate"`     // fee currency to USDT rate
	ConvertFee              multimarkets.Decimal     `json:"convertFee"`              // fee converted to USDT, scaled by ConvertFeeDigits
	ConvertFeeDigits        multimarkets.FlexInt64   `json:"convertFeeDigits"`        // decimal places of ConvertFee
	PointRatio              multimarkets.Decimal     `json:"pointRatio"`              // point ratio
	Spread                  multimarkets.Decimal     `json:"spread"`                  // spread
	Pnl                     multimarkets.Decimal     `json:"pnl"`                     // closing profit and loss, scaled by AccountDigits
	Source                  string                   `json:"source"`                  // client source (H5, PC_Web, System, …)
	ThirdPartyOrder         string                   `json:"thirdPartyOrder"`         // third-party order identifier
	CreateTime              multimarkets.MilliTime   `json:"createTime"`              // creation time
	UpdateTime              multimarkets.MilliTime   `json:"updateTime"`              // last update
}

func (d *TradeDeal) keys() recordKeys {
	return recordKeys{id: d.ID, customerNo: d.CustomerNo, accountID: d.AccountID}
}

// EventType returns EventTradeDeal.
func (*TradeDeal) EventType() EventType { return EventTradeDeal }

// Deposit is the payload of "deposit": a deposit succeeded. Its amounts are
// plain decimals (not scaled).
type Deposit struct {
	ID                       multimarkets.FlexString   `json:"id"`                       // proposal record ID (record key)
	ProposalNo               string                    `json:"proposalNo"`               // proposal number
	AccountID                multimarkets.FlexString   `json:"accountId"`                // deposit account ID
	CompanyID                multimarkets.FlexString   `json:"companyId"`                // company ID
	CustomerNo               string                    `json:"customerNo"`               // customer number
	Country                  string                    `json:"country"`                  // customer country code
	TradeType                multimarkets.TradeType    `json:"tradeType"`                // trading mode
	DepositCurrency          string                    `json:"depositCurrency"`          // deposit currency
	IntendAmount             multimarkets.Decimal      `json:"intendAmount"`             // proposal amount (received by the platform)
	ActualAmount             multimarkets.Decimal      `json:"actualAmount"`             // actual deposit amount
	FinalAmount              multimarkets.Decimal      `json:"finalAmount"`              // final amount
	DepositFee               multimarkets.Decimal      `json:"depositFee"`               // deposit fee
	FromPaymentAmount        multimarkets.Decimal      `json:"fromPaymentAmount"`        // amount notified by the channel
	ToPaymentAmount          multimarkets.Decimal      `json:"toPaymentAmount"`          // amount sent to the payment platform
	ToPaymentRate            multimarkets.Decimal      `json:"toPaymentRate"`            // exchange rate used by the payment platform
	PaymentCurrency          string                    `json:"paymentCurrency"`          // currency of the payment channel
	PaymentCode              string                    `json:"paymentCode"`              // payment channel code
	PaymentType              string                    `json:"paymentType"`              // payment channel type
	PaymentChannelClientType string                    `json:"paymentChannelClientType"` // client type: pc, mobile
	PaymentStatus            PaymentStatus             `json:"paymentStatus"`            // payment state
	BlockchainName           string                    `json:"blockchainName"`           // chain name for crypto deposits
	CheckStatus              multimarkets.ReviewStatus `json:"checkStatus"`              // review state
	DepositStatus            multimarkets.FlexInt64    `json:"depositStatus"`            // deposit state (values undocumented)
	DepositFrom              string                    `json:"depositFrom"`              // terminal type (H5, APP_IOS, …)
	NotifyStatus             Bool                      `json:"notifyStatus"`             // payment channel notified
	QueryMaxCount            multimarkets.FlexInt64    `json:"queryMaxCount"`            // maximum number of queries
	Revision                 multimarkets.FlexInt64    `json:"revision"`                 // record version
	CreateBy                 multimarkets.FlexString   `json:"createBy"`                 // creator
	CreateTime               multimarkets.MilliTime    `json:"createTime"`               // creation time
	UpdateBy                 multimarkets.FlexString   `json:"updateBy"`                 // last updater
	UpdateTime               multimarkets.MilliTime    `json:"updateTime"`               // last update
}

func (d *Deposit) keys() recordKeys {
	return recordKeys{id: d.ID, customerNo: d.CustomerNo, accountID: d.AccountID}
}

// EventType returns EventDeposit.
func (*Deposit) EventType() EventType { return EventDeposit }

// AccountAdjust is the payload of "account_adjust": a quota (balance)
// adjustment proposal was created or reviewed. The docs call BusinessType a
// "business type code" but the example's 60301 is a detailed
// (businessType1) code, so it is typed as multimarkets.FlowSubtype.
type AccountAdjust struct {
	ID              multimarkets.FlexString   `json:"id"`              // proposal ID (record key)
	ProposalNo      string                    `json:"proposalNo"`      // proposal number
	AccountID       multimarkets.FlexString   `json:"accountId"`       // trading account ID
	AccountCurrency string                    `json:"accountCurrency"` // account currency
	CompanyID       multimarkets.FlexString   `json:"companyId"`       // company ID
	CustomerNo      string                    `json:"customerNo"`      // customer number
	TradeType       multimarkets.TradeType    `json:"tradeType"`       // trading mode
	Amount          multimarkets.Decimal      `json:"amount"`          // proposal amount (plain decimal)
	BusinessType    multimarkets.FlowSubtype  `json:"businessType"`    // business type code, e.g. 60301
	CheckStatus     multimarkets.ReviewStatus `json:"checkStatus"`     // review state
	CheckBy         string                    `json:"checkBy"`         // approver
	Withdraw        Bool                      `json:"withdraw"`        // whether the amount can be withdrawn
	Revision        multimarkets.FlexInt64    `json:"revision"`        // optimistic-lock version
	CreateBy        multimarkets.FlexString   `json:"createBy"`        // applicant
	CreateTime      multimarkets.MilliTime    `json:"createTime"`      // application time
	UpdateBy        multimarkets.FlexString   `json:"updateBy"`        // last updater
	UpdateTime      multimarkets.MilliTime    `json:"updateTime"`      // last update
}

func (a *AccountAdjust) keys() recordKeys {
	return recordKeys{id: a.ID, customerNo: a.CustomerNo, accountID: a.AccountID}
}

// EventType returns EventAccountAdjust.
func (*AccountAdjust) EventType() EventType { return EventAccountAdjust }

// WithdrawMethod is how a withdrawal is paid out ("withdrawMethod").
type WithdrawMethod string

// Documented withdrawal methods.
const (
	WithdrawToBank         WithdrawMethod = "bank"          // bank card
	WithdrawToDigitWallet  WithdrawMethod = "digit_wallet"  // digital wallet
	WithdrawToSkrillWallet WithdrawMethod = "skrill_wallet" // Skrill e-wallet
	WithdrawByWire         WithdrawMethod = "wire"          // wire transfer
)

// Withdraw is the payload of "withdraw": a withdrawal proposal was added or
// updated. Amounts are plain decimals.
type Withdraw struct {
	ID                 multimarkets.FlexString   `json:"id"`                 // proposal ID (record key)
	ProposalNo         string                    `json:"proposalNo"`         // proposal number
	CompanyID          multimarkets.FlexString   `json:"companyId"`          // company ID
	CustomerNo         string                    `json:"customerNo"`         // customer number
	AccountID          multimarkets.FlexString   `json:"accountId"`          // trading account ID
	AccountCurrency    string                    `json:"accountCurrency"`    // account currency
	WithdrawCurrency   string                    `json:"withdrawCurrency"`   // withdrawal currency
	TradeType          multimarkets.TradeType    `json:"tradeType"`          // trading mode
	Country            string                    `json:"country"`            // country
	Amount             multimarkets.Decimal      `json:"amount"`             // proposal amount
	Rate               multimarkets.Decimal      `json:"rate"`               // withdrawal exchange rate
	WithdrawFee        multimarkets.Decimal      `json:"withdrawFee"`        // withdrawal fee
	FinalAmount        multimarkets.Decimal      `json:"finalAmount"`        // final withdrawal amount
	RawAmount          multimarkets.Decimal      `json:"rawAmount"`          // original amount
	BankName           string                    `json:"bankName"`           // bank name
	BankCardNo         string                    `json:"bankCardNo"`         // bank card number
	BankAccountName    string                    `json:"bankAccountName"`    // card holder name
	CheckStatus        multimarkets.ReviewStatus `json:"checkStatus"`        // review state
	CheckBy            string                    `json:"checkBy"`            // approver
	TransferStatus     TransferStatus            `json:"transferStatus"`     // transfer state
	WithdrawType       WithdrawType              `json:"withdrawType"`       // cash or coin
	WithdrawCoinStatus WithdrawCoinStatus        `json:"withdrawCoinStatus"` // coin withdrawal state
	WithdrawMethod     WithdrawMethod            `json:"withdrawMethod"`     // payout method
	BlockchainName     string                    `json:"blockchainName"`     // chain (transfer network) for wallets
	TxID               string                    `json:"txid"`               // blockchain transaction ID
	ThirdMessage       string                    `json:"thirdMessage"`       // third-party response message
	Remark             string                    `json:"remark"`             // remarks
	Withdraw           Bool                      `json:"withdraw"`           // whether the amount can be withdrawn
	Revision           multimarkets.FlexInt64    `json:"revision"`           // optimistic-lock version
	CreateBy           multimarkets.FlexString   `json:"createBy"`           // applicant
	CreateTime         multimarkets.MilliTime    `json:"createTime"`         // application time
	UpdateBy           multimarkets.FlexString   `json:"updateBy"`           // last updater
	UpdateTime         multimarkets.MilliTime    `json:"updateTime"`         // last update
}

func (w *Withdraw) keys() recordKeys {
	return recordKeys{id: w.ID, customerNo: w.CustomerNo, accountID: w.AccountID}
}

// String names the proposal by its IDs only: it holds a bank card number
// and the card holder's name.
func (w Withdraw) String() string { return redactedPayload("Withdraw", w.keys()) }

// Format prints String under every fmt verb.
func (w Withdraw) Format(f fmt.State, verb rune) { redact.Format(f, verb, w.String()) }

// GoString is String.
func (w Withdraw) GoString() string { return w.String() }

// redactedPayload is the printed form of a payload with personal data: its
// name and identity keys.
func redactedPayload(name string, k recordKeys) string {
	s := "push." + name + "{id=" + string(k.id)
	if k.customerNo != "" {
		s += " customerNo=" + k.customerNo
	}
	if k.accountID != "" {
		s += " accountId=" + string(k.accountID)
	}
	return s + "}"
}

// EventType returns EventWithdraw.
func (*Withdraw) EventType() EventType { return EventWithdraw }

// EventType returns EventRegister.
func (*Register) EventType() EventType { return EventRegister }

// EventType returns EventCustomerUpdate.
func (*CustomerUpdate) EventType() EventType { return EventCustomerUpdate }

// EventType returns EventCustomerInfoInsert.
func (*CustomerInfoInsert) EventType() EventType { return EventCustomerInfoInsert }

// EventType returns EventCustomerInfoUpdate.
func (*CustomerInfoUpdate) EventType() EventType { return EventCustomerInfoUpdate }

// EventType returns EventOpenAccount.
func (*OpenAccount) EventType() EventType { return EventOpenAccount }

// EventType returns EventAccountUpdate.
func (*AccountUpdate) EventType() EventType { return EventAccountUpdate }

// EventType returns EventSubjectInsert.
func (*SubjectInsert) EventType() EventType { return EventSubjectInsert }

// EventType returns EventSubjectUpdate.
func (*SubjectUpdate) EventType() EventType { return EventSubjectUpdate }

// EventType returns EventSubjectWaterInsert.
func (*SubjectWaterInsert) EventType() EventType { return EventSubjectWaterInsert }

// EventType returns EventSubjectWaterUpdate.
func (*SubjectWaterUpdate) EventType() EventType { return EventSubjectWaterUpdate }

// EventType returns EventPositionInsert.
func (*PositionInsert) EventType() EventType { return EventPositionInsert }

// EventType returns EventPositionUpdate.
func (*PositionUpdate) EventType() EventType { return EventPositionUpdate }

// EventType returns EventPositionDelete.
func (*PositionDelete) EventType() EventType { return EventPositionDelete }
