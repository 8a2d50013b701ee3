package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// Answer codes. Only CodeOK, CodeCancelNotProcessed and CodeCancelNotReceived
// are defined by MultiMarkets; the others are this SDK's, all starting with
// "WALLET_", and every one of them means "not done" to the platform (which
// then sends a cancel for an adjustment, or retries a cancel).
const (
	// CodeOK: done (the documented success code "0").
	CodeOK = "0"
	// CodeCancelNotProcessed (documented): the adjustment to cancel was received but
	// not applied (the wallet refused it), so there is nothing to reverse.
	CodeCancelNotProcessed = "US_0000001"
	// CodeCancelNotReceived (documented): the adjustment to cancel was never
	// received. It is remembered: if it arrives later it is refused with CodeCancelled.
	CodeCancelNotReceived = "US_0000002"

	// CodeBadRequest: malformed JSON, a missing field, a field too long, or an
	// amount whose sign does not match the operation type. Nothing was done.
	CodeBadRequest = "WALLET_BAD_REQUEST"
	// CodeForbidden: wrong companyId header or a source IP outside the allow-list.
	CodeForbidden = "WALLET_FORBIDDEN"
	// CodeStale: the timestamp header is missing or outside the accepted window.
	CodeStale = "WALLET_STALE_REQUEST"
	// CodeConflict: a requestUniqueNo already seen with a different body. Nothing was done.
	CodeConflict = "WALLET_CONFLICT"
	// CodeCancelled: the adjustment was cancelled (or its cancel arrived first),
	// so this (late or repeated) adjustment is refused and has no effect.
	CodeCancelled = "WALLET_CANCELLED"
	// CodeBusy: another request for the same user or key is still being
	// processed; nothing was done by this request, try again.
	CodeBusy = "WALLET_BUSY"
	// CodeTimeout: the wallet did not finish within the answer budget. The
	// outcome is settled later; the platform's cancel then finds consistent state.
	CodeTimeout = "WALLET_TIMEOUT"
	// CodeInternal: the store or the wallet failed (an error, a panic) with an
	// unknown outcome, or the stored record is inconsistent.
	CodeInternal = "WALLET_INTERNAL_ERROR"
	// CodeRejected: the Wallet refused the adjustment without giving a code of its own.
	CodeRejected = "WALLET_REJECTED"
	// CodeInsufficientFunds: the default code of ErrInsufficientFunds.
	CodeInsufficientFunds = "WALLET_INSUFFICIENT_FUNDS"
	// CodeUnknownAccount: the default code of ErrUnknownAccount.
	CodeUnknownAccount = "WALLET_UNKNOWN_ACCOUNT"
)

// Error is a definitive refusal by a Wallet: returning one from Adjust means
// "not applied, and never will be", and the handler answers with Code and Msg.
// Msg is sent to MultiMarkets: keep personal data and secrets out of it.
// Any other error from Adjust means "outcome unknown" (see Wallet).
//
// The answer (sent, and kept in the Store to replay to repeats) holds at most
// MaxAnswerCodeLen bytes of Code and MaxAnswerMsgLen bytes of Msg; longer
// ones are cut, on a UTF-8 character boundary.
type Error struct {
	Code string // answer code, e.g. CodeInsufficientFunds; "" and CodeOK are sent as CodeRejected
	Msg  string // answer message, sent to MultiMarkets
}

// Limits of an answer's code and message, in bytes: what package sqlstore's
// VARCHAR(64) and VARCHAR(256) columns hold. A Wallet's *Error is cut to them.
const (
	MaxAnswerCodeLen = 64  // longest answer code kept
	MaxAnswerMsgLen  = 256 // longest answer message kept
)

// Error returns "wallet: CODE: msg".
func (e *Error) Error() string { return "wallet: " + e.Code + ": " + e.Msg }

// Is matches another *Error with the same Code, so errors.Is(err, ErrInsufficientFunds) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Reject returns an *Error with the given code and message, for a Wallet to refuse an adjustment.
func Reject(code, msg string) error { return &Error{Code: code, Msg: msg} }

var (
	// ErrInsufficientFunds refuses a debit the balance cannot cover.
	ErrInsufficientFunds = &Error{Code: CodeInsufficientFunds, Msg: "insufficient balance"}
	// ErrUnknownAccount refuses a request for a user or currency the wallet does not hold.
	ErrUnknownAccount = &Error{Code: CodeUnknownAccount, Msg: "unknown account"}
)

// Answer is the code and message of one webhook answer; the handler keeps the
// first Answer to each adjustment and cancel so that repeats get it again.
type Answer struct {
	Code string `json:"code"` // CodeOK, or a code that means "not done"
	Msg  string `json:"msg"`  // human-readable outcome
}

// OK reports whether the answer is the success code "0".
func (a Answer) OK() bool { return a.Code == CodeOK }

func answerOf(code, msg string) Answer { return Answer{Code: code, Msg: msg} }

var (
	ansOK             = answerOf(CodeOK, "success")
	ansNotProcessed   = answerOf(CodeCancelNotProcessed, "adjustment was received but not processed")
	ansNotReceived    = answerOf(CodeCancelNotReceived, "adjustment was not received")
	ansBusy           = answerOf(CodeBusy, "request in progress, retry later")
	ansTimeout        = answerOf(CodeTimeout, "wallet did not answer in time")
	ansInternal       = answerOf(CodeInternal, "internal error")
	ansCancelled      = answerOf(CodeCancelled, "adjustment was cancelled")
	ansConflict       = answerOf(CodeConflict, "requestUniqueNo reused with a different request")
	ansForbidden      = answerOf(CodeForbidden, "forbidden")
	ansStale          = answerOf(CodeStale, "timestamp missing or outside the accepted window")
	ansMismatchCancel = answerOf(CodeBadRequest, "cancel does not match the adjustment's user or currency")
)

// answerFromError turns a Wallet's refusal into an answer.
func answerFromError(err error) Answer {
	var e *Error
	if errors.As(err, &e) {
		code := e.Code
		if code == "" || code == CodeOK {
			code = CodeRejected
		}
		return Answer{Code: cutUTF8(code, MaxAnswerCodeLen), Msg: cutUTF8(e.Msg, MaxAnswerMsgLen)}
	}
	return ansInternal
}

// cutUTF8 returns at most n bytes of s, without splitting a UTF-8 character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Envelope is the JSON answer body of every webhook call, in MultiMarkets'
// usual shape. OK and Fail mirror Code == "0"; Tm is the processing time in ms.
type Envelope struct {
	Code      string          `json:"code"`      // "0" for success; any other code means not done
	Msg       string          `json:"msg"`       // human-readable outcome
	OK        bool            `json:"ok"`        // true exactly when Code is "0"
	Fail      bool            `json:"fail"`      // the opposite of OK
	Data      json.RawMessage `json:"data"`      // BalanceData for a successful balance query, {} otherwise
	Trace     string          `json:"trace"`     // the call's trace header, echoed
	BizCode   string          `json:"bizCode"`   // module code; left empty (the spec allows it)
	MsgParams string          `json:"msgParams"` // placeholder values for Msg, comma-separated; left empty
	Tm        int64           `json:"tm"`        // processing time in milliseconds
}

// appendEnvelope appends the answer's envelope to dst, byte for byte as
// json.Marshal writes the Envelope with that data (FuzzAppendEnvelope
// compares them): data is BalanceData, or {} when nil. Written by hand, as it
// is on every call's path.
func appendEnvelope(dst []byte, a Answer, trace string, data *BalanceData, tm int64) []byte {
	dst = append(dst, `{"code":`...)
	dst = jsonscan.AppendString(dst, a.Code)
	dst = append(dst, `,"msg":`...)
	dst = jsonscan.AppendString(dst, a.Msg)
	if a.OK() {
		dst = append(dst, `,"ok":true,"fail":false,"data":`...)
	} else {
		dst = append(dst, `,"ok":false,"fail":true,"data":`...)
	}
	if data == nil {
		dst = append(dst, `{}`...)
	} else {
		dst = append(dst, `{"userName":`...)
		dst = jsonscan.AppendString(dst, data.UserName)
		dst = append(dst, `,"currency":`...)
		dst = jsonscan.AppendString(dst, data.Currency)
		dst = append(dst, `,"amount":`...)
		dst = jsonscan.AppendString(dst, data.Amount)
		dst = append(dst, `,"amountDigits":`...)
		dst = strconv.AppendInt(dst, int64(data.AmountDigits), 10)
		dst = append(dst, '}')
	}
	dst = append(dst, `,"trace":`...)
	dst = jsonscan.AppendString(dst, trace)
	dst = append(dst, `,"bizCode":"","msgParams":"","tm":`...)
	dst = strconv.AppendInt(dst, tm, 10)
	return append(dst, '}')
}

// String describes the envelope without its data, which may name the user.
func (e Envelope) String() string {
	return fmt.Sprintf("Envelope{code=%s msg=%q trace=%s data=(%d bytes) tm=%d}", e.Code, e.Msg, e.Trace, len(e.Data), e.Tm)
}

// Format prints String under every fmt verb.
func (e Envelope) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.String()) }

// GoString is String.
func (e Envelope) GoString() string { return e.String() }

// BalanceData is the data of a balance answer. Amount is written with exactly
// AmountDigits decimal places.
type BalanceData struct {
	UserName     string `json:"userName"`     // the user queried
	Currency     string `json:"currency"`     // the currency queried
	Amount       string `json:"amount"`       // balance as a decimal string, e.g. "100.00"
	AmountDigits int    `json:"amountDigits"` // decimal places written in Amount
}

// String describes the balance answer with the user name masked and without the amount.
func (d BalanceData) String() string {
	return fmt.Sprintf("BalanceData{currency=%s user=%s amountDigits=%d}", d.Currency, redact.Mask(d.UserName), d.AmountDigits)
}

// Format prints String under every fmt verb.
func (d BalanceData) Format(f fmt.State, verb rune) { redact.Format(f, verb, d.String()) }

// GoString is String.
func (d BalanceData) GoString() string { return d.String() }
