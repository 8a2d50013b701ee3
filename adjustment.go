package multimarkets

// Balance adjustments: Funds.AdjustBalance credits or debits a customer's
// account (the vendor's "adjustment proposal", which may wait for approval)
// and Funds.GetAdjustment reads one back.

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"
)

var (
	opAddAdjustment = defineOp(&operation{Name: "fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal"})
	opGetAdjustment = defineOp(&operation{Name: "fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById", ReadOnly: true})
)

// AdjustmentBusinessType is the business type of an adjustment proposal.
type AdjustmentBusinessType int

// AdjustmentBonus is the only business type addCustomerAdjustProposal
// accepts ("fixed value 4"): bonus distribution and rebate.
const AdjustmentBonus AdjustmentBusinessType = 4

var adjustmentBusinessTypeNames = map[AdjustmentBusinessType]string{AdjustmentBonus: "bonus"}

// String names the business type ("bonus").
func (t AdjustmentBusinessType) String() string { return enumName(adjustmentBusinessTypeNames, t) }

// UnmarshalJSON accepts 4, "4", "" and null (0).
func (t *AdjustmentBusinessType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// ReviewStatus is the approval state of a reviewed record: a
// balance-adjustment proposal (Adjustment.CheckStatus), and in data push a
// KYC level ("status" of kyc) or a deposit, adjustment or withdrawal
// proposal ("checkStatus"). The lists are the same: 1 waiting for manual
// approval, 2 approved, 3 rejected (not approved).
type ReviewStatus int

// The documented approval states.
const (
	ReviewPending  ReviewStatus = 1 // waiting for manual approval
	ReviewApproved ReviewStatus = 2 // approved: for a proposal, the balance changed
	ReviewRejected ReviewStatus = 3 // approval failed (not approved)
)

var reviewStatusNames = map[ReviewStatus]string{
	ReviewPending:  "pending approval",
	ReviewApproved: "approved",
	ReviewRejected: "rejected",
}

// String returns "pending approval", "approved" or "rejected".
func (s ReviewStatus) String() string { return enumName(reviewStatusNames, s) }

// UnmarshalJSON accepts 2, "2", "" and null (0).
func (s *ReviewStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// AdjustmentParams is a balance adjustment for Funds.AdjustBalance: a credit
// (positive Amount) or a debit (negative Amount) of one account. The vendor
// books every adjustment under its business type 4, "bonus distribution and
// rebate" (AdjustmentBonus).
type AdjustmentParams struct {
	// CustomerNo is the customer number. Required.
	CustomerNo string
	// TradeType is the account's trading mode, e.g. TradeTypeCrossContract.
	// Required.
	TradeType TradeType
	// Currency is the account's currency, e.g. "USDT". Required.
	Currency string
	// Amount is positive to credit the account, negative to debit it; not 0.
	// Required.
	Amount Decimal
	// AccountID is the account to adjust (Account.AccountID); 0 lets the
	// server choose by trading mode and currency.
	AccountID int64
	// Remark is a note kept with the proposal (at most 500 characters).
	Remark string
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *AdjustmentParams) Validate() error {
	const s = "AdjustmentParams."
	if err := checkCustNo(s+"CustomerNo", p.CustomerNo); err != nil {
		return err
	}
	if p.TradeType <= 0 {
		return &ValidationError{Field: s + "TradeType", Rule: "required, > 0 (e.g. TradeTypeCrossContract)"}
	}
	if !validCurrency(p.Currency) {
		return &ValidationError{Field: s + "Currency", Rule: "required currency code, e.g. USDT"}
	}
	if p.Amount.IsZero() {
		return &ValidationError{Field: s + "Amount", Rule: "must not be 0 (positive: bonus, negative: rebate)"}
	}
	if p.AccountID < 0 {
		return &ValidationError{Field: s + "AccountID", Rule: "must be >= 0 (0: the server chooses)"}
	}
	if utf8.RuneCountInString(p.Remark) > 500 {
		return &ValidationError{Field: s + "Remark", Rule: "at most 500 characters"}
	}
	return nil
}

// adjustmentBody is addCustomerAdjustProposal's request. businessType is
// fixed at 4 and withdraw at true by the spec.
type adjustmentBody struct {
	CustomerNo      string  `json:"customerNo"`
	AccountID       int64   `json:"accountId,omitempty"`
	AccountCurrency string  `json:"accountCurrency"`
	TradeType       int     `json:"tradeType"`
	BusinessType    int     `json:"businessType"`
	Amount          Decimal `json:"amount"`
	Withdraw        bool    `json:"withdraw"`
	Remark          string  `json:"remark,omitempty"`
}

// AdjustmentReceipt is the answer to Funds.AdjustBalance.
type AdjustmentReceipt struct {
	// ProposalNo is the adjustment proposal's number, for
	// Funds.GetAdjustment. It is empty when the server answered only true (as
	// the spec's example does) instead of the documented number.
	ProposalNo string
	// Trace is the trace of the request, to reconcile with the server's logs.
	Trace string
}

// proposalNo reads the proposal number as the schema's string, a number, or
// the example's bare true.
type proposalNo string

func (n *proposalNo) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "true" {
		*n = ""
		return nil
	}
	var s FlexString
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*n = proposalNo(s)
	return nil
}

// AdjustBalance credits (positive amount) or debits (negative amount) a
// customer's account by adding a balance-adjustment proposal
// (fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal).
// Depending on the white label's settings it applies at once or waits for
// approval; Funds.GetAdjustment with the receipt's ProposalNo tells which.
// A write: never resent once it may have reached the server. The request
// has no idempotency key and a lost answer carries no proposal number, so
// after an *UnknownOutcomeError do not simply try again: check the account's
// balance or capital flow (Trading.ListCapitalFlow) first — a unique text in
// Remark helps to find the adjustment.
//
//mm:op fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal
func (s *FundService) AdjustBalance(ctx context.Context, p *AdjustmentParams, opts ...RequestOption) (*AdjustmentReceipt, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opAddAdjustment, &ValidationError{Field: "AdjustmentParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opAddAdjustment, err)
	}
	body := adjustmentBody{CustomerNo: p.CustomerNo, AccountID: p.AccountID, AccountCurrency: p.Currency,
		TradeType: int(p.TradeType), BusinessType: int(AdjustmentBonus), Amount: p.Amount, Withdraw: true, Remark: p.Remark}
	var meta Response
	no, err := call[proposalNo](ctx, s.client, opAddAdjustment, body, append(opts, WithResponseInto(&meta)))
	if err != nil {
		return nil, err
	}
	return &AdjustmentReceipt{ProposalNo: string(no), Trace: meta.Trace}, nil
}

// Adjustment is a balance-adjustment proposal (CustomerAdjustProposalDto).
// Times are in UTC; zero when not sent.
type Adjustment struct {
	// ID is the proposal's primary key.
	ID         int64
	ProposalNo string // the proposal's number, as Funds.AdjustBalance returns it
	// CompanyID is the white label's company ID and CustomerID the
	// customer's numeric ID (Customer.ID).
	CompanyID, CustomerID int64
	CustomerNo            string // customer number of the account's owner
	AccountID             int64  // the adjusted account (Account.AccountID)
	// TradeType is the adjusted account's trading mode.
	TradeType TradeType
	Currency  string // account currency of Amount (wire accountCurrency), e.g. "USDT"
	// Amount is the adjustment: positive bonus, negative rebate.
	Amount Decimal
	// BusinessType is the proposal's business type; AdjustmentBonus for the
	// proposals Funds.AdjustBalance makes.
	BusinessType     AdjustmentBusinessType
	BusinessTypeText string // the server's name for BusinessType
	// Withdrawable reports whether the amount may be withdrawn.
	Withdrawable bool
	// CheckStatus is the approval state: pending, approved (the balance
	// changed) or rejected.
	CheckStatus ReviewStatus
	CheckedBy   string // back-office user who reviewed the proposal (wire checkBy)
	// Status is the record state: enabled, disabled or deleted.
	Status RecordStatus
	// Remark is the proposal's note.
	Remark string
	// ThirdOrderID and ThirdAccount are the caller's references, if any.
	ThirdOrderID, ThirdAccount string
	// ResetAccount is the server's resetAccount flag.
	ResetAccount bool
	// CreatedBy and UpdatedBy are the users who created and last changed
	// the proposal.
	CreatedBy, UpdatedBy string
	// CreatedAt and UpdatedAt are when the proposal was created and last
	// changed, in UTC; zero when not sent.
	CreatedAt, UpdatedAt time.Time
}

// UnmarshalJSON reads CustomerAdjustProposalDto, numbers as numbers or
// strings. The operator's fund password the schema lists is not kept.
func (a *Adjustment) UnmarshalJSON(b []byte) error {
	var w struct {
		ID               FlexInt64   `json:"id"`
		ProposalNo       FlexString  `json:"proposalNo"`
		CompanyID        FlexInt64   `json:"companyId"`
		CustomerID       FlexInt64   `json:"customerId"`
		CustomerNo       FlexString  `json:"customerNo"`
		AccountID        FlexInt64   `json:"accountId"`
		TradeType        TradeType   `json:"tradeType"`
		AccountCurrency  string      `json:"accountCurrency"`
		Amount           Decimal     `json:"amount"`
		BusinessType     FlexInt64   `json:"businessType"`
		BusinessTypeText string      `json:"businessTypeText"`
		Withdraw         lenientBool `json:"withdraw"`
		CheckStatus      FlexInt64   `json:"checkStatus"`
		CheckBy          string      `json:"checkBy"`
		Status           FlexInt64   `json:"status"`
		Remark           string      `json:"remark"`
		ThirdOrderID     FlexString  `json:"thirdOrderId"`
		ThirdAccount     FlexString  `json:"thirdAccount"`
		ResetAccount     lenientBool `json:"resetAccount"`
		CreateBy         FlexString  `json:"createBy"`
		UpdateBy         FlexString  `json:"updateBy"`
		CreateTime       MilliTime   `json:"createTime"`
		UpdateTime       MilliTime   `json:"updateTime"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Adjustment{
		ID: int64(w.ID), ProposalNo: string(w.ProposalNo), CompanyID: int64(w.CompanyID), CustomerID: int64(w.CustomerID),
		CustomerNo: string(w.CustomerNo), AccountID: int64(w.AccountID), TradeType: w.TradeType, Currency: w.AccountCurrency,
		Amount: w.Amount, BusinessType: AdjustmentBusinessType(w.BusinessType), BusinessTypeText: w.BusinessTypeText,
		Withdrawable: bool(w.Withdraw), CheckStatus: ReviewStatus(w.CheckStatus), CheckedBy: w.CheckBy,
		Status: RecordStatus(w.Status), Remark: w.Remark, ThirdOrderID: string(w.ThirdOrderID),
		ThirdAccount: string(w.ThirdAccount), ResetAccount: bool(w.ResetAccount),
		CreatedBy: string(w.CreateBy), UpdatedBy: string(w.UpdateBy), CreatedAt: w.CreateTime.Time, UpdatedAt: w.UpdateTime.Time,
	}
	return nil
}

// adjustmentData reads getCustomerAdjustProposalById's data: the schema's
// object, or the bare false of the spec's example (no proposal).
type adjustmentData struct{ a *Adjustment }

func (d *adjustmentData) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "false", "true", "null", `""`:
		d.a = nil
		return nil
	}
	d.a = new(Adjustment)
	return json.Unmarshal(b, d.a)
}

type adjustmentQueryBody struct {
	ProposalNo string `json:"proposalNo"`
	CompanyID  string `json:"companyId"`
}

// AdjustmentDetailParams names the proposal for Funds.GetAdjustment.
type AdjustmentDetailParams struct {
	// ProposalNo is the number Funds.AdjustBalance returned
	// (AdjustmentReceipt.ProposalNo). Required.
	ProposalNo string
}

// Validate checks the params, naming the field and rule of the problem.
func (p *AdjustmentDetailParams) Validate() error {
	if p.ProposalNo == "" || utf8.RuneCountInString(p.ProposalNo) > 64 {
		return &ValidationError{Field: "AdjustmentDetailParams.ProposalNo", Rule: "required, at most 64 characters (AdjustmentReceipt.ProposalNo)"}
	}
	return nil
}

// GetAdjustment returns the adjustment proposal with the number Funds.AdjustBalance
// returned
// (fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById).
// An unknown number fails with an error matching ErrNotFound — an
// *APIError, or a *ResponseError when the server answers success without a
// proposal (data false, as in the spec's example). A read.
//
//mm:op fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById
func (s *FundService) GetAdjustment(ctx context.Context, p *AdjustmentDetailParams, opts ...RequestOption) (*Adjustment, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opGetAdjustment, &ValidationError{Field: "AdjustmentDetailParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opGetAdjustment, err)
	}
	d, err := callChecked(ctx, s.client, opGetAdjustment,
		adjustmentQueryBody{ProposalNo: p.ProposalNo, CompanyID: s.client.cfg.companyID}, opts, func(d adjustmentData, m Response) error {
			if d.a == nil {
				return &ResponseError{Operation: opGetAdjustment.Name, HTTPStatus: m.HTTPStatus, Trace: m.Trace,
					Reason: "success without a proposal", Err: ErrNotFound}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return d.a, nil
}
