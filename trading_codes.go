package multimarkets

import "strconv"

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
func (t OrderType) String() string {
	if n, ok := orderTypeNames[t]; ok {
		return n
	}
	return "OrderType(" + strconv.Itoa(int(t)) + ")"
}

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

// UnmarshalJSON accepts 1, "1" and null.
func (t *OrderType) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*t = OrderType(n)
	return err
}

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

var orderStatusNames = [...]string{"INITIAL", "PLACED", "FILLED", "PARTIAL_FILLED", "CANCELLED", "PARTIAL_CANCELLED",
	"REJECTED", "EXPIRED", "PROCESSING", "FINISH", "REVOKE", "INTERNAL_ERROR", "FAILURE", "PARTIAL_FAILURE"}

// String returns the vendor's name of the state, e.g. "FILLED".
func (s OrderStatus) String() string {
	if s >= 0 && int(s) < len(orderStatusNames) {
		return orderStatusNames[s]
	}
	return "OrderStatus(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts 2, "2" and null.
func (s *OrderStatus) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*s = OrderStatus(n)
	return err
}

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

// String names the state.
func (s PositionStatus) String() string {
	switch s {
	case PositionInitial:
		return "initial"
	case PositionOpen:
		return "open"
	case PositionClosed:
		return "closed"
	case PositionPartiallyClosed:
		return "partially closed"
	}
	return "PositionStatus(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts "1", 1 and null.
func (s *PositionStatus) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*s = PositionStatus(n)
	return err
}

// MarginSetType is how a position's margin is set: 1 by ratio, 2 by range.
type MarginSetType int

// The documented margin types.
const (
	MarginByRatio MarginSetType = 1 // percentage
	MarginByRange MarginSetType = 2 // range
)

// String names the margin type.
func (m MarginSetType) String() string {
	switch m {
	case MarginByRatio:
		return "ratio"
	case MarginByRange:
		return "range"
	}
	return "MarginSetType(" + strconv.Itoa(int(m)) + ")"
}

// UnmarshalJSON accepts "1", 1 and null.
func (m *MarginSetType) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*m = MarginSetType(n)
	return err
}

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
func (t FlowType) String() string {
	if n, ok := flowTypeNames[t]; ok {
		return n
	}
	return "FlowType(" + strconv.Itoa(int(t)) + ")"
}

// UnmarshalJSON accepts 1, "1" and null.
func (t *FlowType) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*t = FlowType(n)
	return err
}

// FlowSubtype is a capital-flow record's business subtype (businessType1),
// documented for the full-position CFD mode.
type FlowSubtype int

// The documented business subtypes.
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
	FlowSubFrontEndDeposit: "front-end deposit", FlowSubDepositFee: "deposit fee", FlowSubFrontEndWithdrawal: "front-end withdrawal",
	FlowSubWithdrawalCancelled: "withdrawal cancelled", FlowSubWithdrawalFee: "withdrawal fee", FlowSubFeeCancelled: "fee cancelled",
	FlowSubTransferConfirmed: "transfer confirmed", FlowSubSystemReset: "system reset", FlowSubAdjustDeposit: "quota adjustment: deposit",
	FlowSubAdjustWithdrawal: "quota adjustment: withdrawal", FlowSubAdjustOther: "quota adjustment: other", FlowSubAdjustBonus: "quota adjustment: bonus",
	FlowSubAdjustReleaseLocked: "quota adjustment: release non-withdrawable", FlowSubAdjustNonWithdrawable: "quota adjustment: non-withdrawable",
	FlowSubAdjustToCommission: "quota adjustment: transfer to commission", FlowSubFreeze: "freeze", FlowSubUnfreeze: "unfreeze",
	FlowSubOpeningFee: "opening fee", FlowSubClosingFee: "closing fee", FlowSubOvernightInterest: "overnight interest",
	FlowSubMarketClosePnL: "market close P&L", FlowSubStopLossPnL: "stop-loss close P&L", FlowSubTakeProfitPnL: "take-profit close P&L",
	FlowSubSystemForcedClosePnL: "system forced close P&L", FlowSubExpiryForcedClosePnL: "expiration forced close P&L",
	FlowSubManualForcedClosePnL: "manual forced close P&L", FlowSubTransferredIn: "transferred in", FlowSubTransferredOut: "transferred out",
	FlowSubRewardIssued: "reward issued", FlowSubRewardRecovered: "reward recovered", FlowSubCommissionIssued: "commission issued",
	FlowSubCommissionRecovered: "commission recovered",
}

// String names the subtype, e.g. "manual forced close P&L".
func (t FlowSubtype) String() string {
	if n, ok := flowSubtypeNames[t]; ok {
		return n
	}
	return "FlowSubtype(" + strconv.Itoa(int(t)) + ")"
}

// UnmarshalJSON accepts 1001, "1001" and null.
func (t *FlowSubtype) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*t = FlowSubtype(n)
	return err
}

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

// String names the state.
func (s FlowStatus) String() string {
	switch s {
	case FlowStatusAny:
		return "any"
	case FlowStatusInitial:
		return "initial"
	case FlowStatusSucceeded:
		return "succeeded"
	case FlowStatusFailed:
		return "failed"
	}
	return "FlowStatus(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts 2, "2" and null.
func (s *FlowStatus) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*s = FlowStatus(n)
	return err
}

// FlowDirection filters capital flow by the direction money moved
// (operate): in, out, or either.
type FlowDirection int

// The documented directions.
const (
	FlowEither   FlowDirection = 0 // either direction
	FlowIncrease FlowDirection = 1 // money in
	FlowDecrease FlowDirection = 2 // money out
)

// String names the direction.
func (d FlowDirection) String() string {
	switch d {
	case FlowEither:
		return "either"
	case FlowIncrease:
		return "increase"
	case FlowDecrease:
		return "decrease"
	}
	return "FlowDirection(" + strconv.Itoa(int(d)) + ")"
}

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
