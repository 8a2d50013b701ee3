package push

import "strconv"

// This file holds the code lists of the data-push documentation that only
// data push uses, as typed constants. The lists the REST API shares
// (TradeType, RegisterSource, CustomerStatus, KYCAuditStatus, AccountStatus,
// AccountKind, OrderType, OrderStatus, PositionStatus, Direction,
// MarginSetType, RecordStatus, ReviewStatus, FlowType) are
// the root package's types, which decode just as tolerantly. Every code type
// decodes from a JSON number, a numeric string or null and prints its
// documented meaning with String; codes the docs do not list print as
// Type(n) and are kept, never rejected.

// SubjectType is the kind of balance an account subject holds ("type" of
// subject_insert/subject_update, "subjectType" of subject_water_*). The
// balance a broker usually mirrors is SubjectMarginBalance (1).
type SubjectType int

// Documented values of SubjectType.
const (
	SubjectMarginBalance              SubjectType = 1  // Margin balance
	SubjectMarginFrozen               SubjectType = 2  // Margin frozen
	SubjectMarginAvailable            SubjectType = 3  // Margin available
	SubjectLiabilityBalance           SubjectType = 4  // Liability balance
	SubjectLiabilityFrozen            SubjectType = 5  // Liability frozen
	SubjectLiabilityAvailable         SubjectType = 6  // Liability available
	SubjectRecoverableFrozen          SubjectType = 7  // Recoverable frozen
	SubjectRecoverableFrozenFrozen    SubjectType = 8  // Recoverable frozen-frozen
	SubjectRecoverableFrozenAvailable SubjectType = 9  // Recoverable frozen available
	SubjectPlatformBalance            SubjectType = 10 // Platform balance
	SubjectPlatformFrozen             SubjectType = 11 // Platform frozen
	SubjectPlatformAvailable          SubjectType = 12 // Platform available
	SubjectInstitutionalBalance       SubjectType = 13 // Institutional fund balance
	SubjectInstitutionalFrozen        SubjectType = 14 // Institutional fund frozen
	SubjectInstitutionalAvailable     SubjectType = 15 // Institutional fund available
	SubjectPayableWithdrawalBalance   SubjectType = 16 // Payable withdrawal balance
	SubjectPayableWithdrawalFrozen    SubjectType = 17 // Payable withdrawal frozen
	SubjectPayableWithdrawalAvailable SubjectType = 18 // Payable withdrawal available
	SubjectOccupiedMarginBalance      SubjectType = 19 // Occupied margin balance
	SubjectOccupiedMarginFrozen       SubjectType = 20 // Occupied margin frozen
	SubjectOccupiedMarginAvailable    SubjectType = 21 // Occupied margin available
	SubjectInterestBalance            SubjectType = 22 // Interest balance
	SubjectInterestFrozen             SubjectType = 23 // Interest frozen
	SubjectInterestAvailable          SubjectType = 24 // Interest available
	SubjectCollateralBalance          SubjectType = 25 // Collateral balance
	SubjectCollateralFrozen           SubjectType = 26 // Collateral frozen
	SubjectCollateralAvailable        SubjectType = 27 // Collateral available
)

var subjectTypeNames = map[SubjectType]string{
	SubjectMarginBalance:              "Margin balance",
	SubjectMarginFrozen:               "Margin frozen",
	SubjectMarginAvailable:            "Margin available",
	SubjectLiabilityBalance:           "Liability balance",
	SubjectLiabilityFrozen:            "Liability frozen",
	SubjectLiabilityAvailable:         "Liability available",
	SubjectRecoverableFrozen:          "Recoverable frozen",
	SubjectRecoverableFrozenFrozen:    "Recoverable frozen-frozen",
	SubjectRecoverableFrozenAvailable: "Recoverable frozen available",
	SubjectPlatformBalance:            "Platform balance",
	SubjectPlatformFrozen:             "Platform frozen",
	SubjectPlatformAvailable:          "Platform available",
	SubjectInstitutionalBalance:       "Institutional fund balance",
	SubjectInstitutionalFrozen:        "Institutional fund frozen",
	SubjectInstitutionalAvailable:     "Institutional fund available",
	SubjectPayableWithdrawalBalance:   "Payable withdrawal balance",
	SubjectPayableWithdrawalFrozen:    "Payable withdrawal frozen",
	SubjectPayableWithdrawalAvailable: "Payable withdrawal available",
	SubjectOccupiedMarginBalance:      "Occupied margin balance",
	SubjectOccupiedMarginFrozen:       "Occupied margin frozen",
	SubjectOccupiedMarginAvailable:    "Occupied margin available",
	SubjectInterestBalance:            "Interest balance",
	SubjectInterestFrozen:             "Interest frozen",
	SubjectInterestAvailable:          "Interest available",
	SubjectCollateralBalance:          "Collateral balance",
	SubjectCollateralFrozen:           "Collateral frozen",
	SubjectCollateralAvailable:        "Collateral available",
}

// String returns the documented meaning of the code, or SubjectType(n) for
// codes the docs do not list.
func (c SubjectType) String() string { return codeString(subjectTypeNames, c, "SubjectType") }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *SubjectType) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "SubjectType")
	*c = SubjectType(v)
	return err
}

// RegisterType is how a customer registered ("registerType").
type RegisterType int

// Documented values of RegisterType.
const (
	RegisterByEmail   RegisterType = 1 // E-mail
	RegisterByPhone   RegisterType = 2 // Phone number
	RegisterByAccount RegisterType = 3 // Customer account
)

var registerTypeNames = map[RegisterType]string{
	RegisterByEmail:   "E-mail",
	RegisterByPhone:   "Phone number",
	RegisterByAccount: "Customer account",
}

// String returns the documented meaning of the code, or RegisterType(n) for
// codes the docs do not list.
func (c RegisterType) String() string { return codeString(registerTypeNames, c, "RegisterType") }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *RegisterType) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "RegisterType")
	*c = RegisterType(v)
	return err
}

// PaymentStatus is the payment state of a deposit ("paymentStatus").
type PaymentStatus int

// Documented values of PaymentStatus.
const (
	PaymentPending   PaymentStatus = 1 // Pending payment
	PaymentSucceeded PaymentStatus = 2 // Payment successful
	PaymentFailed    PaymentStatus = 3 // Payment failed
)

var paymentStatusNames = map[PaymentStatus]string{
	PaymentPending:   "Pending payment",
	PaymentSucceeded: "Payment successful",
	PaymentFailed:    "Payment failed",
}

// String returns the documented meaning of the code, or PaymentStatus(n) for
// codes the docs do not list.
func (c PaymentStatus) String() string { return codeString(paymentStatusNames, c, "PaymentStatus") }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *PaymentStatus) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "PaymentStatus")
	*c = PaymentStatus(v)
	return err
}

// TransferStatus is the transfer state of a withdrawal ("transferStatus").
type TransferStatus int

// Documented values of TransferStatus.
const (
	TransferPending   TransferStatus = 1 // Pending transfer
	TransferSucceeded TransferStatus = 2 // Transfer successful
	TransferFailed    TransferStatus = 3 // Transfer failed
)

var transferStatusNames = map[TransferStatus]string{
	TransferPending:   "Pending transfer",
	TransferSucceeded: "Transfer successful",
	TransferFailed:    "Transfer failed",
}

// String returns the documented meaning of the code, or TransferStatus(n) for
// codes the docs do not list.
func (c TransferStatus) String() string { return codeString(transferStatusNames, c, "TransferStatus") }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *TransferStatus) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "TransferStatus")
	*c = TransferStatus(v)
	return err
}

// WithdrawType is the kind of withdrawal ("withdrawType").
type WithdrawType int

// Documented values of WithdrawType.
const (
	WithdrawCash WithdrawType = 1 // Cash withdrawal to a bank card
	WithdrawCoin WithdrawType = 2 // Coin withdrawal to a digital wallet
)

var withdrawTypeNames = map[WithdrawType]string{
	WithdrawCash: "Cash withdrawal to a bank card",
	WithdrawCoin: "Coin withdrawal to a digital wallet",
}

// String returns the documented meaning of the code, or WithdrawType(n) for
// codes the docs do not list.
func (c WithdrawType) String() string { return codeString(withdrawTypeNames, c, "WithdrawType") }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *WithdrawType) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "WithdrawType")
	*c = WithdrawType(v)
	return err
}

// WithdrawCoinStatus is the state of a coin withdrawal ("withdrawCoinStatus").
type WithdrawCoinStatus int

// Documented values of WithdrawCoinStatus.
const (
	CoinPending      WithdrawCoinStatus = 1 // Pending coin withdrawal
	CoinSucceeded    WithdrawCoinStatus = 2 // Coin withdrawal successful
	CoinFailed       WithdrawCoinStatus = 3 // Coin withdrawal failed
	CoinSubmitFailed WithdrawCoinStatus = 4 // Submission failed
)

var withdrawCoinStatusNames = map[WithdrawCoinStatus]string{
	CoinPending:      "Pending coin withdrawal",
	CoinSucceeded:    "Coin withdrawal successful",
	CoinFailed:       "Coin withdrawal failed",
	CoinSubmitFailed: "Submission failed",
}

// String returns the documented meaning of the code, or WithdrawCoinStatus(n) for
// codes the docs do not list.
func (c WithdrawCoinStatus) String() string {
	return codeString(withdrawCoinStatusNames, c, "WithdrawCoinStatus")
}

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *WithdrawCoinStatus) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "WithdrawCoinStatus")
	*c = WithdrawCoinStatus(v)
	return err
}

// BusinessSubType is the detailed business type of a balance change
// ("businessType1" of subject_water_*). There are 160+ documented codes
// (the first digits repeat the multimarkets.FlowType); String returns the documented
// description. The docs list 120010 and 120011 in the single-position
// contract group, most likely typos for 12010/12011; both spellings are known.
type BusinessSubType int

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (c *BusinessSubType) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "BusinessSubType")
	*c = BusinessSubType(v)
	return err
}

// String returns the documented description, or BusinessSubType(n).
func (c BusinessSubType) String() string {
	return codeString(businessSubTypeNames, c, "BusinessSubType")
}

// Known reports whether the code is in the documentation's list.
func (c BusinessSubType) Known() bool { _, ok := businessSubTypeNames[c]; return ok }

var businessSubTypeNames = map[BusinessSubType]string{
	1001:   "Front-end deposit",
	1002:   "Deposit fee",
	2001:   "Front-end withdrawal",
	2002:   "Cancel withdrawal",
	2003:   "Withdrawal fee",
	2004:   "Cancel fee",
	2005:   "Confirm transfer",
	3001:   "System clear",
	4001:   "Quota adjustment deposit",
	4002:   "Quota adjustment withdrawal",
	4003:   "Quota adjustment other",
	4004:   "Quota adjustment bonus",
	4005:   "Quota adjustment release cannot be withdrawn",
	4006:   "Quota adjustment cannot be withdrawn",
	4007:   "Quota adjustment transfer rebate",
	5001:   "Freeze",
	5002:   "Unfreeze",
	6001:   "Opening fee",
	6002:   "Closing fee",
	6003:   "Overnight interest",
	6004:   "Market closing profit and loss",
	6005:   "Stop loss closing profit and loss",
	6006:   "Stop profit profit and loss",
	6007:   "System forced liquidation profit and loss",
	6008:   "Expiration forced liquidation profit and loss",
	6009:   "Manual forced liquidation profit and loss",
	7001:   "Front-end deposit",
	7002:   "Deposit fee",
	8001:   "Front-end withdrawal",
	8002:   "Cancel withdrawal",
	8003:   "Withdrawal fee",
	8004:   "Cancel fee",
	8005:   "Confirm transfer",
	9001:   "System clearing",
	10001:  "Quota adjustment deposit",
	10002:  "Quota adjustment withdrawal",
	10003:  "Quota adjustment other",
	10004:  "Quota adjustment bonus",
	10005:  "Quota adjustment release cannot be withdrawn",
	10006:  "Quota adjustment cannot be withdrawn",
	10007:  "Quota adjustment transfer to rebate",
	11001:  "Freeze",
	11002:  "Unfreeze",
	12001:  "Transfer opening margin",
	12002:  "Opening fee",
	12003:  "Release closing margin",
	12004:  "Closing fee",
	12005:  "Overnight interest",
	12006:  "Market closing profit and loss",
	12007:  "Stop profit closing profit and loss",
	12008:  "Stop loss closing profit and loss",
	12009:  "System forced liquidation profit and loss",
	12010:  "Expiration forced liquidation profit and loss",
	12011:  "Manual forced liquidation profit and loss",
	13001:  "Manual increase in margin",
	13002:  "Manual reduction in margin",
	14001:  "Front-end deposit",
	14002:  "Deposit fee",
	15001:  "Front-end withdrawal",
	15002:  "Cancel withdrawal",
	15003:  "Withdrawal fee",
	15004:  "Cancel fee",
	15005:  "Confirm transfer",
	16001:  "Quota adjustment deposit",
	16002:  "Quota adjustment withdrawal",
	16003:  "Quota adjustment other",
	16004:  "Quota adjustment bonus",
	16005:  "Quota adjustment release cannot be withdrawn",
	16006:  "Quota adjustment cannot be withdrawn",
	16007:  "Quota adjustment transfer rebate",
	17001:  "Freeze",
	17002:  "Unfreeze",
	18001:  "Incoming amount",
	18002:  "Outgoing amount",
	18003:  "Automatic loan handling fee",
	18004:  "Automatic repayment handling fee",
	18005:  "Ordinary handling fee",
	19001:  "Loan principal",
	20001:  "Loan principal",
	21001:  "Repayment principal",
	21002:  "Repayment interest",
	22001:  "Repayment principal",
	22002:  "Repayment interest",
	23001:  "Loan interest",
	35001:  "Repayment principal",
	35002:  "Repayment interest",
	36001:  "Transferred amount",
	36002:  "Transferred amount",
	37001:  "Transferred amount",
	37002:  "Transferred amount",
	38001:  "Incoming amount",
	38002:  "Outgoing amount",
	40001:  "Forced liquidation to return principal",
	40002:  "Forced liquidation to return interest",
	42001:  "Reward issuance",
	42002:  "Reward deduction",
	42003:  "Rebate issuance",
	42004:  "Rebate deduction",
	43001:  "Reward issuance",
	43002:  "Reward deduction",
	43003:  "Rebate issuance",
	43004:  "Rebate deduction",
	44001:  "Issuance of rewards",
	44002:  "Refund of rewards",
	44003:  "Issuing rebates",
	44004:  "Deducting rebates",
	50001:  "Front-end deposits",
	50002:  "Deposit fees",
	51001:  "Front-end withdrawals",
	51002:  "Cancel withdrawals",
	51003:  "Withdrawal fees",
	51004:  "Cancel fees",
	51005:  "Confirm transfers",
	52001:  "Quota adjustment deposits",
	52002:  "Quota adjustment withdrawals",
	52003:  "Quota adjustment others",
	52004:  "Quota adjustment bonuses",
	52005:  "Quota adjustment release cannot be withdrawn",
	52006:  "Quota adjustment cannot be withdrawn",
	52007:  "Quota adjustment transfer rebates",
	53001:  "Freeze",
	53002:  "Unfreeze",
	54001:  "Incoming amount",
	54002:  "Outgoing amount",
	54003:  "Transaction fee",
	55001:  "Deposit amount",
	55002:  "Debit amount",
	59001:  "Reward issuance",
	59002:  "Reward deduction",
	59003:  "Rebate issuance",
	59004:  "Rebate deduction",
	60101:  "Front-end deposit",
	60102:  "Deposit fee",
	60201:  "Front-end withdrawal",
	60202:  "Cancel withdrawal",
	60203:  "Withdrawal fee",
	60204:  "Cancel fee",
	60205:  "Confirm transfer",
	60301:  "Quota adjustment deposit",
	60302:  "Quota adjustment withdrawal",
	60303:  "Quota adjustment other",
	60304:  "Quota adjustment bonus",
	60305:  "Quota adjustment release cannot be withdrawn",
	60306:  "Quota adjustment_cannot be withdrawn",
	60307:  "Transfer to rebate",
	60401:  "Freeze",
	60402:  "Unfreeze",
	60501:  "Freeze collateral",
	60502:  "Unfreeze collateral",
	60601:  "Transaction amount",
	60602:  "Transaction amount",
	60603:  "Transaction fee",
	60701:  "Automatic loan",
	60801:  "Automatic repayment",
	60802:  "Forced liquidation repayment",
	60901:  "Transferred amount",
	60902:  "Transferred amount",
	61001:  "Margin trading interest calculation",
	61101:  "Margin trading interest settlement",
	61201:  "Reward issuance",
	61202:  "Reward deduction",
	61203:  "Rebate issuance",
	61204:  "Rebate deduction",
	61301:  "System clearing",
	61401:  "Dividend amount",
	61402:  "Dividend fee",
	120010: "Expiration forced liquidation profit and loss",
	120011: "Manual forced liquidation profit and loss",
}

func codeString[K ~int](names map[K]string, c K, typ string) string {
	if s, ok := names[c]; ok {
		return s
	}
	return typ + "(" + strconv.Itoa(int(c)) + ")"
}
