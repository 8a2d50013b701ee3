package multimarkets

// OrderType is the business type (bizType) of an order, deal or position:
// how it was opened or closed. Contract modes (1, 2) and spot (5) share the
// numbers 12 and 13 with different meanings; String gives the contract
// meaning, Name the meaning for a given trading mode.
type OrderType int

// The documented order types (data-push "Order type" and the position
// lists' bizType).
const (
	OrderMarketOpen       OrderType = 1  // market open
	OrderMarketClose      OrderType = 2  // market close
	OrderStopLoss         OrderType = 3  // stop-loss close
	OrderTakeProfit       OrderType = 4  // take-profit close
	OrderStopOut          OrderType = 5  // forced close on liquidation (stop out)
	OrderSettlement       OrderType = 6  // close on expiry
	OrderClearAccount     OrderType = 7  // close on account cancellation
	OrderManualForceClose OrderType = 8  // manual forced close (TradingService.ForceClose)
	OrderLimitPending     OrderType = 10 // limit pending order
	OrderStopPending      OrderType = 11 // stop-loss pending order
	OrderLimitOpen        OrderType = 12 // contracts: limit open; spot: market price
	OrderMatchLimitOpen   OrderType = 13 // isolated contracts: matching limit open; spot: limit price
	OrderMatchLimitClose  OrderType = 14 // isolated contracts: matching limit close
)

// Spot order types: the same numbers as OrderLimitOpen and
// OrderMatchLimitOpen, meaning market and limit orders in spot (5).
const (
	OrderSpotMarket OrderType = 12 // spot market-price order
	OrderSpotLimit  OrderType = 13 // spot limit-price order
)

var orderTypeNames = map[OrderType]string{
	OrderMarketOpen: "market open", OrderMarketClose: "market close", OrderStopLoss: "stop-loss close",
	OrderTakeProfit: "take-profit close", OrderStopOut: "forced close", OrderSettlement: "expiration close",
	OrderClearAccount: "account cancellation close", OrderManualForceClose: "manual forced close",
	OrderLimitPending: "limit pending order", OrderStopPending: "stop-loss pending order",
	OrderLimitOpen: "limit open", OrderMatchLimitOpen: "matching limit open", OrderMatchLimitClose: "matching limit close",
}

// String names the order type as in the contract modes.
func (t OrderType) String() string { return enumName(orderTypeNames, t) }

// Name names the order type as in trading mode tt (spot's 12 and 13 are
// market and limit orders).
func (t OrderType) Name(tt TradeType) string {
	if tt == TradeTypeSpot {
		switch t {
		case OrderSpotMarket:
			return "market price"
		case OrderSpotLimit:
			return "limit price"
		}
	}
	return t.String()
}

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *OrderType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// OrderStatus is an order's state (data-push "Order status").
type OrderStatus int

// The documented order states.
const (
	OrderInitial          OrderStatus = 0  // default initial value
	OrderPlaced           OrderStatus = 1  // order received
	OrderFilled           OrderStatus = 2  // fully filled
	OrderPartialFilled    OrderStatus = 3  // partially filled
	OrderCancelled        OrderStatus = 4  // cancelled
	OrderPartialCancelled OrderStatus = 5  // partially cancelled
	OrderRejected         OrderStatus = 6  // rejected
	OrderExpired          OrderStatus = 7  // expired
	OrderProcessing       OrderStatus = 8  // in progress
	OrderFinished         OrderStatus = 9  // finished
	OrderRevoked          OrderStatus = 10 // revoked
	OrderInternalError    OrderStatus = 11 // third party succeeded, the platform failed
	OrderFailed           OrderStatus = 12 // failed
	OrderPartialFailure   OrderStatus = 13 // partially failed
)

var orderStatusNames = map[OrderStatus]string{
	OrderInitial: "INITIAL", OrderPlaced: "PLACED", OrderFilled: "FILLED", OrderPartialFilled: "PARTIAL_FILLED",
	OrderCancelled: "CANCELLED", OrderPartialCancelled: "PARTIAL_CANCELLED", OrderRejected: "REJECTED",
	OrderExpired: "EXPIRED", OrderProcessing: "PROCESSING", OrderFinished: "FINISH", OrderRevoked: "REVOKE",
	OrderInternalError: "INTERNAL_ERROR", OrderFailed: "FAILURE", OrderPartialFailure: "PARTIAL_FAILURE",
}

// String returns the vendor's name of the state, e.g. "FILLED".
func (s OrderStatus) String() string { return enumName(orderStatusNames, s) }

// UnmarshalJSON accepts 2, "2", "" and null (0).
func (s *OrderStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// PositionStatus is a position's state. The server sends it as a string
// ("1"); it decodes from strings and numbers.
type PositionStatus int

// The documented position states.
const (
	PositionInitial         PositionStatus = 0 // initialised
	PositionOpen            PositionStatus = 1 // holding
	PositionClosed          PositionStatus = 2 // completed (closed)
	PositionPartiallyClosed PositionStatus = 3 // partially closed
)

var positionStatusNames = map[PositionStatus]string{
	PositionInitial:         "initial",
	PositionOpen:            "open",
	PositionClosed:          "closed",
	PositionPartiallyClosed: "partially closed",
}

// String returns "initial", "open", "closed" or "partially closed".
func (s PositionStatus) String() string { return enumName(positionStatusNames, s) }

// UnmarshalJSON accepts "1", 1, "" and null (0).
func (s *PositionStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// MarginSetType is how a position's margin is set: 1 by ratio, 2 by range.
type MarginSetType int

// The documented margin types.
const (
	MarginByRatio MarginSetType = 1 // percentage
	MarginByRange MarginSetType = 2 // range
)

var marginSetTypeNames = map[MarginSetType]string{MarginByRatio: "ratio", MarginByRange: "range"}

// String returns "ratio" or "range".
func (m MarginSetType) String() string { return enumName(marginSetTypeNames, m) }

// UnmarshalJSON accepts "1", 1, "" and null (0).
func (m *MarginSetType) UnmarshalJSON(b []byte) error { return decodeEnum(m, b) }

// FlowType is the business type of a balance change (businessType): of a
// capital-flow record, and in data push of a subject_water_* entry. Codes
// are per trading mode: deposits, withdrawals, trades, transfers,
// rewards, … FlowAny (0) in a filter means "all types".
type FlowType int

// The documented capital-flow business types, grouped by trading mode as in
// queryCapitalFlowList's description.
const (
	FlowAny FlowType = 0 // filter only: every type

	// CFD, full position (trading mode 1).
	FlowCFDFullDeposit         FlowType = 1
	FlowCFDFullWithdrawal      FlowType = 2
	FlowCFDFullSystemReset     FlowType = 3
	FlowCFDFullLimitAdjustment FlowType = 4
	FlowCFDFullFreeze          FlowType = 5
	FlowCFDFullTrade           FlowType = 6
	FlowCFDFullTransfer        FlowType = 36
	FlowCFDFullReward          FlowType = 42

	// CFD, margin (isolated, trading mode 2).
	FlowCFDMarginDeposit          FlowType = 7
	FlowCFDMarginWithdrawal       FlowType = 8
	FlowCFDMarginSystemReset      FlowType = 9
	FlowCFDMarginLimitAdjustment  FlowType = 10
	FlowCFDMarginFreeze           FlowType = 11
	FlowCFDMarginTrade            FlowType = 12
	FlowCFDMarginMarginAdjustment FlowType = 13
	FlowCFDMarginTransfer         FlowType = 37
	FlowCFDMarginReward           FlowType = 43

	// Leverage.
	FlowLeverageDeposit             FlowType = 14
	FlowLeverageWithdrawal          FlowType = 15
	FlowLeverageLimitAdjustment     FlowType = 16
	FlowLeverageFreeze              FlowType = 17
	FlowLeverageTrade               FlowType = 18
	FlowLeverageAutoLoan            FlowType = 19
	FlowLeverageManualLoan          FlowType = 20
	FlowLeverageAutoRepayment       FlowType = 21
	FlowLeverageManualRepayment     FlowType = 22
	FlowLeverageLoanInterest        FlowType = 23
	FlowLeverageBackOfficeRepayment FlowType = 35
	FlowLeverageTransfer            FlowType = 38
	FlowLeverageLiquidationRepay    FlowType = 40
	FlowLeverageReward              FlowType = 44

	// ABCC.
	FlowABCCDeposit             FlowType = 24
	FlowABCCWithdrawal          FlowType = 25
	FlowABCCLimitAdjustment     FlowType = 26
	FlowABCCFreeze              FlowType = 27
	FlowABCCTrade               FlowType = 28
	FlowABCCAutoLoan            FlowType = 29
	FlowABCCManualLoan          FlowType = 30
	FlowABCCAutoRepayment       FlowType = 31
	FlowABCCManualRepayment     FlowType = 32
	FlowABCCLoanInterest        FlowType = 33
	FlowABCCBackOfficeRepayment FlowType = 34
	FlowABCCTransfer            FlowType = 39
	FlowABCCLiquidationRepay    FlowType = 41
	FlowABCCReward              FlowType = 45

	// Spot leverage matching.
	FlowSpotMatchDeposit         FlowType = 50
	FlowSpotMatchWithdrawal      FlowType = 51
	FlowSpotMatchLimitAdjustment FlowType = 52
	FlowSpotMatchFreeze          FlowType = 53
	FlowSpotMatchTrade           FlowType = 54
	FlowSpotMatchTransfer        FlowType = 55
	FlowSpotMatchReward          FlowType = 59

	// Stocks.
	FlowStockDeposit            FlowType = 601
	FlowStockWithdrawal         FlowType = 602
	FlowStockLimitAdjustment    FlowType = 603
	FlowStockFreeze             FlowType = 604
	FlowStockCollateral         FlowType = 605
	FlowStockTrade              FlowType = 606
	FlowStockLoan               FlowType = 607
	FlowStockRepayment          FlowType = 608
	FlowStockTransfer           FlowType = 609
	FlowStockInterestCalc       FlowType = 610
	FlowStockInterestSettlement FlowType = 611
	FlowStockReward             FlowType = 612
	FlowStockSystemReset        FlowType = 613
	FlowStockCompanyAction      FlowType = 614
)

var flowTypeNames = map[FlowType]string{
	FlowAny:            "any",
	FlowCFDFullDeposit: "CFD full: deposit", FlowCFDFullWithdrawal: "CFD full: withdrawal", FlowCFDFullSystemReset: "CFD full: system reset",
	FlowCFDFullLimitAdjustment: "CFD full: limit adjustment", FlowCFDFullFreeze: "CFD full: freeze", FlowCFDFullTrade: "CFD full: trade",
	FlowCFDFullTransfer: "CFD full: transfer", FlowCFDFullReward: "CFD full: reward",
	FlowCFDMarginDeposit: "CFD margin: deposit", FlowCFDMarginWithdrawal: "CFD margin: withdrawal", FlowCFDMarginSystemReset: "CFD margin: system reset",
	FlowCFDMarginLimitAdjustment: "CFD margin: limit adjustment", FlowCFDMarginFreeze: "CFD margin: freeze", FlowCFDMarginTrade: "CFD margin: trade",
	FlowCFDMarginMarginAdjustment: "CFD margin: margin adjustment", FlowCFDMarginTransfer: "CFD margin: transfer", FlowCFDMarginReward: "CFD margin: reward",
	FlowLeverageDeposit: "leverage: deposit", FlowLeverageWithdrawal: "leverage: withdrawal", FlowLeverageLimitAdjustment: "leverage: limit adjustment",
	FlowLeverageFreeze: "leverage: freeze", FlowLeverageTrade: "leverage: trade", FlowLeverageAutoLoan: "leverage: auto loan",
	FlowLeverageManualLoan: "leverage: manual loan", FlowLeverageAutoRepayment: "leverage: auto repayment", FlowLeverageManualRepayment: "leverage: manual repayment",
	FlowLeverageLoanInterest: "leverage: loan interest", FlowLeverageBackOfficeRepayment: "leverage: back-end repayment", FlowLeverageTransfer: "leverage: transfer",
	FlowLeverageLiquidationRepay: "leverage: force liquidation repayment", FlowLeverageReward: "leverage: reward",
	FlowABCCDeposit: "ABCC: deposit", FlowABCCWithdrawal: "ABCC: withdrawal", FlowABCCLimitAdjustment: "ABCC: limit adjustment", FlowABCCFreeze: "ABCC: freeze",
	FlowABCCTrade: "ABCC: trade", FlowABCCAutoLoan: "ABCC: auto loan", FlowABCCManualLoan: "ABCC: manual loan", FlowABCCAutoRepayment: "ABCC: auto repayment",
	FlowABCCManualRepayment: "ABCC: manual repayment", FlowABCCLoanInterest: "ABCC: loan interest", FlowABCCBackOfficeRepayment: "ABCC: back-end repayment",
	FlowABCCTransfer: "ABCC: transfer", FlowABCCLiquidationRepay: "ABCC: force liquidation repayment", FlowABCCReward: "ABCC: reward",
	FlowSpotMatchDeposit: "spot matching: deposit", FlowSpotMatchWithdrawal: "spot matching: withdrawal", FlowSpotMatchLimitAdjustment: "spot matching: limit adjustment",
	FlowSpotMatchFreeze: "spot matching: freeze", FlowSpotMatchTrade: "spot matching: trade", FlowSpotMatchTransfer: "spot matching: transfer", FlowSpotMatchReward: "spot matching: reward",
	FlowStockDeposit: "stocks: deposit", FlowStockWithdrawal: "stocks: withdrawal", FlowStockLimitAdjustment: "stocks: limit adjustment", FlowStockFreeze: "stocks: freeze",
	FlowStockCollateral: "stocks: collateral", FlowStockTrade: "stocks: trade", FlowStockLoan: "stocks: loan", FlowStockRepayment: "stocks: repayment",
	FlowStockTransfer: "stocks: transfer", FlowStockInterestCalc: "stocks: interest calculation", FlowStockInterestSettlement: "stocks: interest settlement",
	FlowStockReward: "stocks: reward", FlowStockSystemReset: "stocks: system reset", FlowStockCompanyAction: "stocks: company action",
}

// Documented reports whether t is one of the documented business types.
func (t FlowType) Documented() bool { _, ok := flowTypeNames[t]; return ok }

// String names the business type with its trading mode, e.g.
// "CFD full: deposit".
func (t FlowType) String() string { return enumName(flowTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *FlowType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// FlowSubtype is the business subtype of a balance change (businessType1):
// of a capital-flow record, and in data push of a subject_water_* entry
// (and the business type code of an account_adjust event). The leading
// digits repeat the FlowType, e.g. 60301 is a stock (603) limit adjustment.
// The data-push documentation lists 168 codes for all trading modes; the
// ones of the full-position CFD mode, which the REST API documents too,
// have named constants, and String describes every documented code. The
// docs list 120010 and 120011 in the isolated-margin CFD group, most likely
// typos for 12010/12011; both spellings are known.
type FlowSubtype int

// The business subtypes of the full-position CFD mode.
const (
	FlowSubFrontEndDeposit       FlowSubtype = 1001
	FlowSubDepositFee            FlowSubtype = 1002
	FlowSubFrontEndWithdrawal    FlowSubtype = 2001
	FlowSubWithdrawalCancelled   FlowSubtype = 2002
	FlowSubWithdrawalFee         FlowSubtype = 2003
	FlowSubFeeCancelled          FlowSubtype = 2004
	FlowSubTransferConfirmed     FlowSubtype = 2005
	FlowSubSystemReset           FlowSubtype = 3001
	FlowSubAdjustDeposit         FlowSubtype = 4001
	FlowSubAdjustWithdrawal      FlowSubtype = 4002
	FlowSubAdjustOther           FlowSubtype = 4003
	FlowSubAdjustBonus           FlowSubtype = 4004
	FlowSubAdjustReleaseLocked   FlowSubtype = 4005
	FlowSubAdjustNonWithdrawable FlowSubtype = 4006
	FlowSubAdjustToCommission    FlowSubtype = 4007
	FlowSubFreeze                FlowSubtype = 5001
	FlowSubUnfreeze              FlowSubtype = 5002
	FlowSubOpeningFee            FlowSubtype = 6001
	FlowSubClosingFee            FlowSubtype = 6002
	FlowSubOvernightInterest     FlowSubtype = 6003
	FlowSubMarketClosePnL        FlowSubtype = 6004
	FlowSubStopLossPnL           FlowSubtype = 6005
	FlowSubTakeProfitPnL         FlowSubtype = 6006
	FlowSubSystemForcedClosePnL  FlowSubtype = 6007
	FlowSubExpiryForcedClosePnL  FlowSubtype = 6008
	FlowSubManualForcedClosePnL  FlowSubtype = 6009
	FlowSubTransferredIn         FlowSubtype = 36001
	FlowSubTransferredOut        FlowSubtype = 36002
	FlowSubRewardIssued          FlowSubtype = 42001
	FlowSubRewardRecovered       FlowSubtype = 42002
	FlowSubCommissionIssued      FlowSubtype = 42003
	FlowSubCommissionRecovered   FlowSubtype = 42004
)

var flowSubtypeNames = map[FlowSubtype]string{
	FlowSubFrontEndDeposit:       "front-end deposit",
	FlowSubDepositFee:            "deposit fee",
	FlowSubFrontEndWithdrawal:    "front-end withdrawal",
	FlowSubWithdrawalCancelled:   "withdrawal cancelled",
	FlowSubWithdrawalFee:         "withdrawal fee",
	FlowSubFeeCancelled:          "fee cancelled",
	FlowSubTransferConfirmed:     "transfer confirmed",
	FlowSubSystemReset:           "system reset",
	FlowSubAdjustDeposit:         "quota adjustment: deposit",
	FlowSubAdjustWithdrawal:      "quota adjustment: withdrawal",
	FlowSubAdjustOther:           "quota adjustment: other",
	FlowSubAdjustBonus:           "quota adjustment: bonus",
	FlowSubAdjustReleaseLocked:   "quota adjustment: release non-withdrawable",
	FlowSubAdjustNonWithdrawable: "quota adjustment: non-withdrawable",
	FlowSubAdjustToCommission:    "quota adjustment: transfer to commission",
	FlowSubFreeze:                "freeze",
	FlowSubUnfreeze:              "unfreeze",
	FlowSubOpeningFee:            "opening fee",
	FlowSubClosingFee:            "closing fee",
	FlowSubOvernightInterest:     "overnight interest",
	FlowSubMarketClosePnL:        "market close P&L",
	FlowSubStopLossPnL:           "stop-loss close P&L",
	FlowSubTakeProfitPnL:         "take-profit close P&L",
	FlowSubSystemForcedClosePnL:  "system forced close P&L",
	FlowSubExpiryForcedClosePnL:  "expiration forced close P&L",
	FlowSubManualForcedClosePnL:  "manual forced close P&L",
	7001:                         "front-end deposit",
	7002:                         "deposit fee",
	8001:                         "front-end withdrawal",
	8002:                         "cancel withdrawal",
	8003:                         "withdrawal fee",
	8004:                         "cancel fee",
	8005:                         "confirm transfer",
	9001:                         "system clearing",
	10001:                        "quota adjustment deposit",
	10002:                        "quota adjustment withdrawal",
	10003:                        "quota adjustment other",
	10004:                        "quota adjustment bonus",
	10005:                        "quota adjustment release cannot be withdrawn",
	10006:                        "quota adjustment cannot be withdrawn",
	10007:                        "quota adjustment transfer to rebate",
	11001:                        "freeze",
	11002:                        "unfreeze",
	12001:                        "transfer opening margin",
	12002:                        "opening fee",
	12003:                        "release closing margin",
	12004:                        "closing fee",
	12005:                        "overnight interest",
	12006:                        "market closing profit and loss",
	12007:                        "stop profit closing profit and loss",
	12008:                        "stop loss closing profit and loss",
	12009:                        "system forced liquidation profit and loss",
	12010:                        "expiration forced liquidation profit and loss",
	12011:                        "manual forced liquidation profit and loss",
	13001:                        "manual increase in margin",
	13002:                        "manual reduction in margin",
	14001:                        "front-end deposit",
	14002:                        "deposit fee",
	15001:                        "front-end withdrawal",
	15002:                        "cancel withdrawal",
	15003:                        "withdrawal fee",
	15004:                        "cancel fee",
	15005:                        "confirm transfer",
	16001:                        "quota adjustment deposit",
	16002:                        "quota adjustment withdrawal",
	16003:                        "quota adjustment other",
	16004:                        "quota adjustment bonus",
	16005:                        "quota adjustment release cannot be withdrawn",
	16006:                        "quota adjustment cannot be withdrawn",
	16007:                        "quota adjustment transfer rebate",
	17001:                        "freeze",
	17002:                        "unfreeze",
	18001:                        "incoming amount",
	18002:                        "outgoing amount",
	18003:                        "automatic loan handling fee",
	18004:                        "automatic repayment handling fee",
	18005:                        "ordinary handling fee",
	19001:                        "loan principal",
	20001:                        "loan principal",
	21001:                        "repayment principal",
	21002:                        "repayment interest",
	22001:                        "repayment principal",
	22002:                        "repayment interest",
	23001:                        "loan interest",
	35001:                        "repayment principal",
	35002:                        "repayment interest",
	FlowSubTransferredIn:         "transferred in",
	FlowSubTransferredOut:        "transferred out",
	37001:                        "transferred in",
	37002:                        "transferred out",
	38001:                        "incoming amount",
	38002:                        "outgoing amount",
	40001:                        "forced liquidation to return principal",
	40002:                        "forced liquidation to return interest",
	FlowSubRewardIssued:          "reward issued",
	FlowSubRewardRecovered:       "reward recovered",
	FlowSubCommissionIssued:      "commission issued",
	FlowSubCommissionRecovered:   "commission recovered",
	43001:                        "reward issuance",
	43002:                        "reward deduction",
	43003:                        "rebate issuance",
	43004:                        "rebate deduction",
	44001:                        "issuance of rewards",
	44002:                        "refund of rewards",
	44003:                        "issuing rebates",
	44004:                        "deducting rebates",
	50001:                        "front-end deposits",
	50002:                        "deposit fees",
	51001:                        "front-end withdrawals",
	51002:                        "cancel withdrawals",
	51003:                        "withdrawal fees",
	51004:                        "cancel fees",
	51005:                        "confirm transfers",
	52001:                        "quota adjustment deposits",
	52002:                        "quota adjustment withdrawals",
	52003:                        "quota adjustment others",
	52004:                        "quota adjustment bonuses",
	52005:                        "quota adjustment release cannot be withdrawn",
	52006:                        "quota adjustment cannot be withdrawn",
	52007:                        "quota adjustment transfer rebates",
	53001:                        "freeze",
	53002:                        "unfreeze",
	54001:                        "incoming amount",
	54002:                        "outgoing amount",
	54003:                        "transaction fee",
	55001:                        "transferred in",
	55002:                        "transferred out",
	59001:                        "reward issuance",
	59002:                        "reward deduction",
	59003:                        "rebate issuance",
	59004:                        "rebate deduction",
	60101:                        "front-end deposit",
	60102:                        "deposit fee",
	60201:                        "front-end withdrawal",
	60202:                        "cancel withdrawal",
	60203:                        "withdrawal fee",
	60204:                        "cancel fee",
	60205:                        "confirm transfer",
	60301:                        "quota adjustment deposit",
	60302:                        "quota adjustment withdrawal",
	60303:                        "quota adjustment other",
	60304:                        "quota adjustment bonus",
	60305:                        "quota adjustment release cannot be withdrawn",
	60306:                        "quota adjustment cannot be withdrawn",
	60307:                        "transfer to rebate",
	60401:                        "freeze",
	60402:                        "unfreeze",
	60501:                        "freeze collateral",
	60502:                        "unfreeze collateral",
	60601:                        "transaction amount",
	60602:                        "transaction amount",
	60603:                        "transaction fee",
	60701:                        "automatic loan",
	60801:                        "automatic repayment",
	60802:                        "forced liquidation repayment",
	60901:                        "transferred in",
	60902:                        "transferred out",
	61001:                        "margin trading interest calculation",
	61101:                        "margin trading interest settlement",
	61201:                        "reward issuance",
	61202:                        "reward deduction",
	61203:                        "rebate issuance",
	61204:                        "rebate deduction",
	61301:                        "system clearing",
	61401:                        "dividend amount",
	61402:                        "dividend fee",
	120010:                       "expiration forced liquidation profit and loss",
	120011:                       "manual forced liquidation profit and loss",
}

// Documented reports whether t is one of the documented business subtypes.
func (t FlowSubtype) Documented() bool { _, ok := flowSubtypeNames[t]; return ok }

// String describes the subtype, e.g. "manual forced close P&L" or, for
// 60301, "quota adjustment deposit".
func (t FlowSubtype) String() string { return enumName(flowSubtypeNames, t) }

// UnmarshalJSON accepts 1001, "1001", "" and null (0).
func (t *FlowSubtype) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// FlowStatus is a capital-flow record's processing state; FlowStatusAny
// (0) in a filter means "all".
type FlowStatus int

// The documented states.
const (
	FlowStatusAny       FlowStatus = 0 // filter only: every state
	FlowStatusInitial   FlowStatus = 1 // initialised
	FlowStatusSucceeded FlowStatus = 2 // processed successfully
	FlowStatusFailed    FlowStatus = 3 // processing failed
)

var flowStatusNames = map[FlowStatus]string{
	FlowStatusAny:       "any",
	FlowStatusInitial:   "initial",
	FlowStatusSucceeded: "succeeded",
	FlowStatusFailed:    "failed",
}

// String returns "any", "initial", "succeeded" or "failed".
func (s FlowStatus) String() string { return enumName(flowStatusNames, s) }

// UnmarshalJSON accepts 2, "2", "" and null (0).
func (s *FlowStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// FlowDirection filters capital flow by the direction money moved
// (operate): in, out, or either.
type FlowDirection int

// The documented directions.
const (
	FlowEither   FlowDirection = 0 // either direction
	FlowIncrease FlowDirection = 1 // money in
	FlowDecrease FlowDirection = 2 // money out
)

var flowDirectionNames = map[FlowDirection]string{
	FlowEither:   "either",
	FlowIncrease: "increase",
	FlowDecrease: "decrease",
}

// String returns "either", "increase" or "decrease".
func (d FlowDirection) String() string { return enumName(flowDirectionNames, d) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (d *FlowDirection) UnmarshalJSON(b []byte) error { return decodeEnum(d, b) }

// PositionSortField is a field a position list can be sorted by.
type PositionSortField string

// The documented sort fields. PositionSortPnL applies to
// Trading.ListPositions only, PositionSortID to Trading.ListCompanyPositions
// only.
const (
	PositionSortOrderID  PositionSortField = "orderId"  // order ID
	PositionSortOpenTime PositionSortField = "openTime" // execution time
	PositionSortSymbolID PositionSortField = "symbolId" // product ID
	PositionSortPnL      PositionSortField = "pnl"      // profit and loss
	PositionSortID       PositionSortField = "id"       // position number (server default for the company list)
)
