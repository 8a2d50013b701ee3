package push

import (
	"strconv"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

// This file holds the code lists of the data-push documentation that only
// data push uses, as typed constants. The lists the REST API shares
// (TradeType, RegisterSource, LoginType, CustomerStatus, KYCAuditStatus,
// AccountStatus, AccountKind, OrderType, OrderStatus, PositionStatus,
// Direction, MarginSetType, RecordStatus, ReviewStatus, FlowType,
// FlowSubtype) are
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

// UnmarshalJSON accepts what multimarkets.FlexInt64 accepts: 1, "1", 1.0, "" and null.
func (c *SubjectType) UnmarshalJSON(b []byte) error {
	return decodeCode(b, c)
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

// UnmarshalJSON accepts what multimarkets.FlexInt64 accepts: 1, "1", 1.0, "" and null.
func (c *PaymentStatus) UnmarshalJSON(b []byte) error {
	return decodeCode(b, c)
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

// UnmarshalJSON accepts what multimarkets.FlexInt64 accepts: 1, "1", 1.0, "" and null.
func (c *TransferStatus) UnmarshalJSON(b []byte) error {
	return decodeCode(b, c)
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

// UnmarshalJSON accepts what multimarkets.FlexInt64 accepts: 1, "1", 1.0, "" and null.
func (c *WithdrawType) UnmarshalJSON(b []byte) error {
	return decodeCode(b, c)
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

// UnmarshalJSON accepts what multimarkets.FlexInt64 accepts: 1, "1", 1.0, "" and null.
func (c *WithdrawCoinStatus) UnmarshalJSON(b []byte) error {
	return decodeCode(b, c)
}

func codeString[K ~int](names map[K]string, c K, typ string) string {
	if s, ok := names[c]; ok {
		return s
	}
	return typ + "(" + strconv.Itoa(int(c)) + ")"
}

// decodeCode decodes a code with multimarkets.FlexInt64's own rules, so that
// push-only codes decode exactly as the root package's code lists do.
func decodeCode[K ~int](b []byte, c *K) error {
	var v multimarkets.FlexInt64
	err := v.UnmarshalJSON(b)
	*c = K(v)
	return err
}
