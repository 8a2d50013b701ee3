package multimarkets

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"unicode/utf8"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// MessageService sends in-app messages to customers and reads the state of
// verification codes.
type MessageService service

var (
	opSendMessage     = defineOp(&operation{Name: "message.admin.PlatFormMessageThirdSendAdminService.add"})
	opCodeSendStatus  = defineOp(&operation{Name: "message.admin.VerificationAdminService.queryCodeSendStatus", ReadOnly: true})
	messageLanguageRE = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
)

// Message languages the vendor documents for in-app messages.
const (
	LanguageEnglish            = "en-US"
	LanguageChineseSimplified  = "zh-CN"
	LanguageChineseTraditional = "zh-HK"
)

// RefreshType tells the customer's app what to reload when a message
// arrives (refreshType, EnumRefreshType).
type RefreshType int

// The documented refresh types.
const (
	RefreshNone               RefreshType = 0 // nothing
	RefreshPositions          RefreshType = 1 // positions
	RefreshPendingOrders      RefreshType = 2 // pending orders
	RefreshFunds              RefreshType = 3 // funds
	RefreshKickOut            RefreshType = 4 // log the customer out
	RefreshOrdersAndPositions RefreshType = 5 // pending orders and positions
	RefreshOrdersAndFunds     RefreshType = 6 // pending orders and funds
)

const (
	maxRefreshType       = RefreshOrdersAndFunds
	maxMessageTitleRunes = 100
	messageShowTypeNone  = 0 // showType: inbox only
	messageShowTypePopup = 1 // showType: pop-up
)

var refreshTypeNames = map[RefreshType]string{
	RefreshNone: "none", RefreshPositions: "positions", RefreshPendingOrders: "pending orders", RefreshFunds: "funds",
	RefreshKickOut: "kick out", RefreshOrdersAndPositions: "orders and positions", RefreshOrdersAndFunds: "orders and funds",
}

// String names the refresh type ("none", "positions", "pending orders", …).
func (t RefreshType) String() string { return enumName(refreshTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *RefreshType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// MessageParams is an in-app message for Messages.Send.
type MessageParams struct {
	// CustomerNo is the recipient's customer number. Required.
	CustomerNo string
	// CustomerID is the recipient's numeric ID (Customer.ID; the server
	// wants both). Required.
	CustomerID int64
	// TradeType is the trading mode the message belongs to. Required.
	TradeType TradeType
	// Language is the message's language, e.g. LanguageEnglish. Required.
	Language string
	// Title is at most 100 characters. Required.
	Title string
	// Content is the message text, of any length. Required.
	Content string
	// Popup shows the message as a pop-up (showType 1) instead of only in
	// the inbox (showType 0).
	Popup bool
	// Refresh is what the app reloads when the message arrives; RefreshNone
	// by default.
	Refresh RefreshType
}

// Validate checks the params, naming the field and rule of the first problem.
func (p *MessageParams) Validate() error {
	const s = "MessageParams."
	if err := checkCustNo(s+"CustomerNo", p.CustomerNo); err != nil {
		return err
	}
	if p.CustomerID <= 0 {
		return &ValidationError{Field: s + "CustomerID", Rule: "required, > 0 (Customer.ID from Customers.List)"}
	}
	if p.TradeType <= 0 {
		return &ValidationError{Field: s + "TradeType", Rule: "required, > 0 (e.g. TradeTypeCrossContract)"}
	}
	if !messageLanguageRE.MatchString(p.Language) {
		return &ValidationError{Field: s + "Language", Rule: `language tag like "en-US", "zh-CN" or "zh-HK"`}
	}
	if p.Title == "" || utf8.RuneCountInString(p.Title) > maxMessageTitleRunes {
		return &ValidationError{Field: s + "Title", Rule: "required, at most 100 characters"}
	}
	if p.Content == "" {
		return &ValidationError{Field: s + "Content", Rule: "required"}
	}
	if p.Refresh < 0 || p.Refresh > maxRefreshType {
		return &ValidationError{Field: s + "Refresh", Rule: "RefreshNone … RefreshOrdersAndFunds (0..6)"}
	}
	return nil
}

// messageBody is add's request: customerId and companyId are integers in
// this operation's schema (strings elsewhere).
type messageBody struct {
	CustomerNo  string      `json:"customerNo"`
	TradeType   int         `json:"tradeType"`
	Language    string      `json:"language"`
	Content     string      `json:"content"`
	Title       string      `json:"title"`
	ShowType    int         `json:"showType"`
	RefreshType int         `json:"refreshType"`
	CustomerID  int64       `json:"customerId"`
	CompanyID   json.Number `json:"companyId"`
}

// Send delivers an in-app message to one customer
// (message.admin.PlatFormMessageThirdSendAdminService.add). A write: never
// resent once it may have reached the server, so a customer never gets a
// message twice because of a retry.
//
//mm:op message.admin.PlatFormMessageThirdSendAdminService.add
func (s *MessageService) Send(ctx context.Context, p *MessageParams, opts ...RequestOption) error {
	if p == nil {
		return s.client.refuse(ctx, opSendMessage, &ValidationError{Field: "MessageParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return s.client.refuse(ctx, opSendMessage, err)
	}
	show := messageShowTypeNone
	if p.Popup {
		show = messageShowTypePopup
	}
	_, err := call[json.RawMessage](ctx, s.client, opSendMessage, messageBody{
		CustomerNo: p.CustomerNo, TradeType: int(p.TradeType), Language: p.Language, Content: p.Content, Title: p.Title,
		ShowType: show, RefreshType: int(p.Refresh), CustomerID: p.CustomerID, CompanyID: json.Number(s.client.cfg.companyID),
	}, opts)
	return err
}

// VerificationType is the purpose and channel of a verification code
// (queryCodeSendStatus's bizType).
type VerificationType string

// The documented verification-code types.
const (
	EmailCommonCode   VerificationType = "EMAIL_COMMON_VERIFICATION_CODE"   // e-mail, general
	EmailLoginCode    VerificationType = "EMAIL_LOGIN_VERIFICATION_CODE"    // e-mail, login
	EmailRegisterCode VerificationType = "EMAIL_REGISTER_VERIFICATION_CODE" // e-mail, registration
	EmailPasswordCode VerificationType = "EMAIL_PASSWORD_VERIFICATION_CODE" // e-mail, forgotten password
	SMSCommonCode     VerificationType = "SMS_COMMON_VERIFICATION_CODE"     // SMS, general
	SMSLoginCode      VerificationType = "SMS_LOGIN_VERIFICATION_CODE"      // SMS, login
	SMSRegisterCode   VerificationType = "SMS_REGISTER_VERIFICATION_CODE"   // SMS, registration
	SMSPasswordCode   VerificationType = "SMS_PASSWORD_VERIFICATION_CODE"   // SMS, forgotten password
)

func (t VerificationType) valid() bool {
	switch t {
	case EmailCommonCode, EmailLoginCode, EmailRegisterCode, EmailPasswordCode,
		SMSCommonCode, SMSLoginCode, SMSRegisterCode, SMSPasswordCode:
		return true
	}
	return false
}

// CodeState is the state of a verification code.
type CodeState int

// The documented verification-code states.
const (
	CodeStateInitialized CodeState = 0 // created, not sent yet
	CodeStatePending     CodeState = 1 // sent, waiting to be used
	CodeStateUsed        CodeState = 2 // used
	CodeStateExpired     CodeState = 3 // expired
)

var codeStateNames = map[CodeState]string{
	CodeStateInitialized: "initialized",
	CodeStatePending:     "pending",
	CodeStateUsed:        "used",
	CodeStateExpired:     "expired",
}

// String returns "initialized", "pending", "used" or "expired".
func (s CodeState) String() string { return enumName(codeStateNames, s) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (s *CodeState) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// CodeStatusParams names a verification code for Messages.GetCodeStatus; all
// fields are required.
type CodeStatusParams struct {
	// Type is the code's purpose and channel, e.g. SMSRegisterCode.
	Type VerificationType
	// ToUser is the recipient: the phone number or e-mail address.
	ToUser string
	// Code is the verification code the customer entered.
	Code string
	// SendToken is the receipt the client-side send call returned.
	SendToken string
}

// String describes the params without the code and the send token, which
// are credentials, and with the recipient masked.
func (p CodeStatusParams) String() string {
	return "CodeStatusParams{type: " + string(p.Type) + ", toUser: " + redact.Personal(p.ToUser) + ", code: " + redacted + ", sendToken: " + redacted + "}"
}

// GoString is String, for %#v.
func (p CodeStatusParams) GoString() string { return p.String() }

// Format prints String under every fmt verb.
func (p CodeStatusParams) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// LogValue logs String: the recipient masked, the code and send token hidden.
func (p CodeStatusParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks the params, naming the field and rule of the first problem.
func (p *CodeStatusParams) Validate() error {
	const s = "CodeStatusParams."
	switch {
	case !p.Type.valid():
		return &ValidationError{Field: s + "Type", Rule: "one of the documented verification types, e.g. SMSRegisterCode"}
	case p.ToUser == "":
		return &ValidationError{Field: s + "ToUser", Rule: "required (phone number or e-mail address)"}
	case p.Code == "":
		return &ValidationError{Field: s + "Code", Rule: "required"}
	case p.SendToken == "":
		return &ValidationError{Field: s + "SendToken", Rule: "required (the send call's receipt)"}
	}
	return nil
}

type codeStatusBody struct {
	BizType   string `json:"bizType"`
	ToUser    string `json:"toUser"`
	Code      string `json:"code"`
	SendToken string `json:"sendToken"`
}

// CodeStatus is the state of a verification code.
type CodeStatus struct {
	// Type is the code's verification type (wire bizType).
	Type      VerificationType
	ToUser    string // recipient: phone number or e-mail address
	Code      string // the verification code
	SendToken string // receipt of the client-side send call that sent the code
	// State is the code's state: initialized, pending use, used or expired.
	State       CodeState
	Name        string // the server's name for State
	Description string // the server's description of State (wire desc)
}

// String describes the code's state without the code and the send token.
func (c CodeStatus) String() string {
	return "CodeStatus{type: " + string(c.Type) + ", toUser: " + redact.Personal(c.ToUser) + ", state: " + c.State.String() + "}"
}

// GoString is String, for %#v.
func (c CodeStatus) GoString() string { return c.String() }

// Format prints String under every fmt verb.
func (c CodeStatus) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue logs String: the recipient masked, the send token hidden.
func (c CodeStatus) LogValue() slog.Value { return slog.StringValue(c.String()) }

// UnmarshalJSON reads the answer; status as a string (schema) or a number.
func (c *CodeStatus) UnmarshalJSON(b []byte) error {
	var w struct {
		BizType   string     `json:"bizType"`
		ToUser    FlexString `json:"toUser"`
		SendToken FlexString `json:"sendToken"`
		Code      FlexString `json:"code"`
		Status    FlexInt64  `json:"status"`
		Name      string     `json:"name"`
		Desc      string     `json:"desc"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = CodeStatus{Type: VerificationType(w.BizType), ToUser: string(w.ToUser), Code: string(w.Code), SendToken: string(w.SendToken),
		State: CodeState(w.Status), Name: w.Name, Description: w.Desc}
	return nil
}

// GetCodeStatus returns the state of a verification code a customer received,
// e.g. to check a code in the white label's own sign-up flow
// (message.admin.VerificationAdminService.queryCodeSendStatus). A read.
//
//mm:op message.admin.VerificationAdminService.queryCodeSendStatus
func (s *MessageService) GetCodeStatus(ctx context.Context, p *CodeStatusParams, opts ...RequestOption) (*CodeStatus, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opCodeSendStatus, &ValidationError{Field: "CodeStatusParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opCodeSendStatus, err)
	}
	st, err := callRequired[*CodeStatus](ctx, s.client, opCodeSendStatus,
		codeStatusBody{BizType: string(p.Type), ToUser: p.ToUser, Code: p.Code, SendToken: p.SendToken}, opts, "a code status")
	if err != nil {
		return nil, err
	}
	return st, nil
}
