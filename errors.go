package multimarkets

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

//go:generate go run ./internal/gen/errorcodes -spec testdata/spec -out errorcodes.go

// ErrorCode is a MultiMarkets error code as the server sends it in the
// envelope's code field, for example "USCUSTOMER_API_0000106". Every
// documented code is a constant (see errorcodes.go); codes the docs do not
// list still arrive as ErrorCode values.
//
// Test for a code with IsCode(err, CodeUSCUSTOMER_API_0000106) or read it
// with CodeOf(err).
type ErrorCode string

// Message returns the vendor's documented English message for the code, or ""
// when the code is not documented.
func (c ErrorCode) Message() string { return documentedMessages[c] }

// Documented reports whether the vendor's material lists the code: the
// Manager or client API error page, the captcha page or an OpenAPI example.
func (c ErrorCode) Documented() bool { _, ok := documentedMessages[c]; return ok }

// String returns the code as the server sends it.
func (c ErrorCode) String() string { return string(c) }

// CodeOf returns the server's error code carried by err (an *APIError
// anywhere in its chain), or "" when err carries none.
func CodeOf(err error) ErrorCode {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// IsCode reports whether err carries one of the codes.
func IsCode(err error, codes ...ErrorCode) bool {
	c := CodeOf(err)
	for _, want := range codes {
		if c != "" && c == want {
			return true
		}
	}
	return false
}

// Sentinel errors for the situations callers act on. They are matched with
// errors.Is against any error the SDK returns; an *APIError matches every
// sentinel whose "Codes:" line lists its code (a test keeps those lines
// equal to the table the matching uses). The vendor spells the customer
// service's codes both with and without the "US" prefix
// (USCUSTOMER_API_0000106 on the error pages, CUSTOMER_API_0000511 in the
// client API's examples); a sentinel matches either spelling.
var (
	// ErrTokenExpired: the server says the login expired. With app
	// credentials the client re-authorizes and resends once by itself;
	// callers see this only when that did not help or when a static token
	// was configured.
	//
	// Codes: GGATEWAY_CODE_005, GGATEWAY_CODE_017.
	ErrTokenExpired = errors.New("multimarkets: token expired")
	// ErrUnauthorized: no token, a token the server does not accept, or no
	// access right to the operation (GGATEWAY_CODE_201: the interface is
	// not open to the company).
	//
	// Codes: GGATEWAY_CODE_001, GGATEWAY_CODE_019, GGATEWAY_CODE_201,
	// USCUSTOMER_API_0000128, USCUSTOMER_API_0000131, USCUSTOMER_API_0001029.
	ErrUnauthorized = errors.New("multimarkets: unauthorized")
	// ErrRateLimited: the server refused the call for its rate limit, also
	// as HTTP 429. The error's RateLimit says when the window resets.
	//
	// Codes: GGATEWAY_CODE_018.
	ErrRateLimited = errors.New("multimarkets: rate limited")
	// ErrAlreadyExists: the customer (phone, email or third-party code) is
	// already registered.
	//
	// Codes: USCUSTOMER_API_0000101, USCUSTOMER_API_0000106,
	// USCUSTOMER_API_0000107, USCUSTOMER_API_0000121, USCUSTOMER_API_0000122,
	// USCUSTOMER_API_0000141, USCUSTOMER_API_0000142, USCUSTOMER_API_0000632.
	ErrAlreadyExists = errors.New("multimarkets: already exists")
	// ErrDuplicatePhone: the phone number is already registered. Also
	// matches ErrAlreadyExists.
	//
	// Codes: USCUSTOMER_API_0000106, USCUSTOMER_API_0000121,
	// USCUSTOMER_API_0000142, USCUSTOMER_API_0000632.
	ErrDuplicatePhone = errors.New("multimarkets: duplicate phone")
	// ErrDuplicateEmail: the e-mail address is already registered. Also
	// matches ErrAlreadyExists.
	//
	// Codes: USCUSTOMER_API_0000107, USCUSTOMER_API_0000122,
	// USCUSTOMER_API_0000141.
	ErrDuplicateEmail = errors.New("multimarkets: duplicate email")
	// ErrCustomerGroupMissing: the customer group does not exist or has no
	// account-opening configuration.
	//
	// Codes: USCUSTOMER_API_0000301, USCUSTOMER_API_0000303,
	// USCUSTOMER_API_0000306.
	ErrCustomerGroupMissing = errors.New("multimarkets: customer group missing")
	// ErrNotFound: the requested record does not exist.
	//
	// Codes: FS404, USCUSTOMER_API_0000003, USCUSTOMER_API_0001030.
	ErrNotFound = errors.New("multimarkets: not found")
	// ErrInvalidRequest: the server refused the request's parameters
	// (F999999: captcha refused or illegal parameters at the client login).
	//
	// Codes: F999999, FS10001, FS10002, FS400, GGATEWAY_CODE_006,
	// GGATEWAY_CODE_015, GGATEWAY_CODE_104, USCUSTOMER_API_0000105,
	// USCUSTOMER_API_0000501, USCUSTOMER_API_0000502, USCUSTOMER_API_0000503,
	// USCUSTOMER_API_0000504, USCUSTOMER_API_0000505, USCUSTOMER_API_0000506,
	// USCUSTOMER_API_0000507, USCUSTOMER_API_0000508, USCUSTOMER_API_0000509,
	// USCUSTOMER_API_0000510, USCUSTOMER_API_0001025.
	ErrInvalidRequest = errors.New("multimarkets: invalid request")
	// ErrRequestExpired: the request's timestamp is outside the server's
	// window; check the machine's clock.
	//
	// Codes: GGATEWAY_CODE_014.
	ErrRequestExpired = errors.New("multimarkets: request expired")
	// ErrServerUnavailable: the gateway or a service behind it is down or
	// timed out, also as HTTP 502, 503 or 504.
	//
	// Codes: GGATEWAY_CODE_012, GGATEWAY_CODE_902.
	ErrServerUnavailable = errors.New("multimarkets: server unavailable")
	// ErrBadResponse: the answer was not a readable envelope (HTML page,
	// empty, truncated, not JSON, too large). The error is a *ResponseError.
	// It matches no server code.
	ErrBadResponse = errors.New("multimarkets: bad response")
	// ErrValidation: the SDK refused the parameters before sending anything.
	// The error is a *ValidationError naming the field and the rule. It
	// matches no server code.
	ErrValidation = errors.New("multimarkets: invalid parameters")
	// ErrUnknownOutcome: a write may or may not have been carried out (the
	// connection dropped after sending, a timeout, a cut-off answer). The SDK
	// never resends such a write; the error is an *UnknownOutcomeError with
	// the trace to reconcile by. It matches no server code.
	ErrUnknownOutcome = errors.New("multimarkets: outcome unknown")
)

// sentinelCodes says which sentinel each server code belongs to. Each
// sentinel's doc comment lists its codes on a "Codes:" line
// (TestSentinelDocsListTheirCodes keeps the two equal).
var sentinelCodes = map[ErrorCode][]error{
	CodeGGATEWAY_CODE_005: {ErrTokenExpired},
	CodeGGATEWAY_CODE_017: {ErrTokenExpired},

	CodeGGATEWAY_CODE_001:      {ErrUnauthorized},
	CodeGGATEWAY_CODE_019:      {ErrUnauthorized},
	CodeGGATEWAY_CODE_201:      {ErrUnauthorized}, // the interface is not open to the company
	CodeUSCUSTOMER_API_0000128: {ErrUnauthorized},
	CodeUSCUSTOMER_API_0001029: {ErrUnauthorized},
	CodeUSCUSTOMER_API_0000131: {ErrUnauthorized},
	CodeGGATEWAY_CODE_018:      {ErrRateLimited},
	CodeGGATEWAY_CODE_014:      {ErrRequestExpired},
	CodeGGATEWAY_CODE_012:      {ErrServerUnavailable},
	CodeGGATEWAY_CODE_902:      {ErrServerUnavailable},
	CodeUSCUSTOMER_API_0000101: {ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000106: {ErrDuplicatePhone, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000121: {ErrDuplicatePhone, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000632: {ErrDuplicatePhone, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000142: {ErrDuplicatePhone, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000107: {ErrDuplicateEmail, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000122: {ErrDuplicateEmail, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000141: {ErrDuplicateEmail, ErrAlreadyExists},
	CodeUSCUSTOMER_API_0000301: {ErrCustomerGroupMissing},
	CodeUSCUSTOMER_API_0000303: {ErrCustomerGroupMissing},
	CodeUSCUSTOMER_API_0000306: {ErrCustomerGroupMissing},
	CodeUSCUSTOMER_API_0000003: {ErrNotFound},
	CodeUSCUSTOMER_API_0001030: {ErrNotFound},
	CodeFS404:                  {ErrNotFound},
	CodeGGATEWAY_CODE_006:      {ErrInvalidRequest},
	CodeGGATEWAY_CODE_015:      {ErrInvalidRequest},
	CodeGGATEWAY_CODE_104:      {ErrInvalidRequest},
	CodeF999999:                {ErrInvalidRequest}, // captcha refused / illegal parameters (client login)
	CodeUSCUSTOMER_API_0000105: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000501: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000502: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000503: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000504: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000505: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000506: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000507: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000508: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000509: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0000510: {ErrInvalidRequest},
	CodeUSCUSTOMER_API_0001025: {ErrInvalidRequest},
	CodeFS400:                  {ErrInvalidRequest},
	CodeFS10001:                {ErrInvalidRequest},
	CodeFS10002:                {ErrInvalidRequest},
}

// APIError is an answer in the MultiMarkets envelope whose code is not "0".
// It keeps everything the server said, so it can be logged, shown to support
// staff, or matched with errors.Is against the sentinels and ErrorCode
// constants.
type APIError struct {
	// Operation is the bizType (or market path) of the call.
	Operation string
	// HTTPStatus is the HTTP status of the answer; MultiMarkets sends most
	// errors with 200.
	HTTPStatus int
	// Code is the server's error code.
	Code ErrorCode
	// Message is the server's message, with %s placeholders as sent.
	Message string
	// MsgParams are the values for the placeholders in Message.
	MsgParams []string
	// Trace is the trace of the request the server answered.
	Trace string
	// BizCode is the module identifier the server sent, often empty.
	BizCode string
	// RateLimit is the rate-limit state the answer carried, if any.
	RateLimit *RateLimit
	// Hint is the SDK's advice for this code at this operation, when the
	// server's message alone misleads (FS404 "Data is not found" from
	// Bonuses.Issue: the customer has no spot account); usually empty.
	// Error ends with it.
	Hint string
}

// Error describes the failure in one line: operation, code, message, trace
// and HTTP status, then the Hint if any. The message is scrubbed (redactText): the server may fill
// a customer's phone or e-mail into it, and error texts end up in logs;
// Text gives it as sent.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("multimarkets: ")
	b.WriteString(e.Operation)
	b.WriteString(": ")
	b.WriteString(safeIdent(string(e.Code)))
	if msg := e.Text(); msg != "" {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(excerpt([]byte(redactText(msg)), 300)))
	}
	fmt.Fprintf(&b, " (trace %s, HTTP %d)", safeIdent(e.Trace), e.HTTPStatus)
	if e.Hint != "" {
		b.WriteString(": ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Format prints Error under every fmt verb, so %d or %+v cannot print the
// unscrubbed message.
func (e *APIError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

// Text returns the server's message with its %s placeholders filled from
// MsgParams, falling back to the documented message when the server sent none.
func (e *APIError) Text() string {
	msg := e.Message
	if msg == "" {
		msg = e.Code.Message()
	}
	for _, p := range e.MsgParams {
		if !strings.Contains(msg, "%s") {
			break
		}
		msg = strings.Replace(msg, "%s", p, 1)
	}
	return msg
}

// Is matches the sentinels of the error's code (and ErrRateLimited for
// HTTP 429, ErrServerUnavailable for 502/503/504).
func (e *APIError) Is(target error) bool {
	for _, s := range sentinelCodes[usSpelling(e.Code)] {
		if s == target {
			return true
		}
	}
	return statusIs(e.HTTPStatus, target)
}

// usSpelling returns the "US"-prefixed spelling of a customer-service code
// sent without it (CUSTOMER_API_0000106 → USCUSTOMER_API_0000106), the
// spelling sentinelCodes uses; other codes are returned as they are.
func usSpelling(c ErrorCode) ErrorCode {
	if strings.HasPrefix(string(c), "CUSTOMER_API_") {
		return "US" + c
	}
	return c
}

func statusIs(status int, target error) bool {
	switch status {
	case 429:
		return target == ErrRateLimited
	case 502, 503, 504:
		return target == ErrServerUnavailable
	}
	return false
}

// ResponseError is an answer the SDK could not read as a MultiMarkets
// envelope: an HTML error page from a proxy, an empty or cut-off body, a body
// over the size limit, or JSON without the envelope's fields. It matches
// ErrBadResponse, and also ErrRateLimited or ErrServerUnavailable by status.
type ResponseError struct {
	// Operation is the bizType (or market path) of the call.
	Operation string
	// HTTPStatus is the answer's HTTP status.
	HTTPStatus int
	// Trace is the trace the SDK sent with the request.
	Trace string
	// Reason says what was wrong with the body, e.g. "HTML page",
	// "empty body", "truncated JSON", "body larger than 4194304 bytes".
	Reason string
	// Excerpt is the start of the body (at most 200 bytes, control
	// characters replaced), redacted whatever its shape: JSON and text
	// with secrets removed and personal data masked, an HTML page (a
	// proxy's error page) summarised by its title.
	Excerpt string
	// RateLimit is the rate-limit state the answer carried, if any.
	RateLimit *RateLimit
	// Err is the underlying decoding error, if any.
	Err error
}

// Error describes the failure with status, reason and body excerpt.
func (e *ResponseError) Error() string {
	s := fmt.Sprintf("multimarkets: %s: HTTP %d: %s (trace %s)", e.Operation, e.HTTPStatus, e.Reason, e.Trace)
	if e.Excerpt != "" {
		s += ": " + strconv.Quote(e.Excerpt)
	}
	return s
}

// Unwrap returns the underlying decoding error.
func (e *ResponseError) Unwrap() error { return e.Err }

// Is matches ErrBadResponse, and ErrRateLimited / ErrServerUnavailable by status.
func (e *ResponseError) Is(target error) bool {
	return target == ErrBadResponse || statusIs(e.HTTPStatus, target)
}

// ValidationError is a parameter the SDK refused before any network call.
// It names the field (as in the params struct) and the rule it broke; it
// never includes the value, which may be personal data or a secret.
type ValidationError struct {
	// Field is the Go field name, e.g. "RegisterParams.Country".
	Field string
	// Rule says what the value must be, e.g. "ISO 3166-1 alpha-2 country code".
	Rule string
}

// Error names the field and the rule.
func (e *ValidationError) Error() string {
	return "multimarkets: invalid " + e.Field + ": " + e.Rule
}

// Is matches ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// UnknownOutcomeError means a write reached, or may have reached, the server
// but no usable answer came back (connection dropped after sending, timeout,
// truncated or unreadable answer). The SDK does not resend it; look the
// result up (for registration, Customers.EnsureRegistered does this) before
// trying again.
type UnknownOutcomeError struct {
	// Operation is the bizType of the write.
	Operation string
	// Trace is the trace of the request whose outcome is unknown.
	Trace string
	// Err is what went wrong.
	Err error
}

// Error names the operation and the trace to reconcile by.
func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("multimarkets: %s: outcome unknown (trace %s): %v", e.Operation, e.Trace, e.Err)
}

// Unwrap returns the cause (a transport error, a context error or a *ResponseError).
func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// Is matches ErrUnknownOutcome.
func (e *UnknownOutcomeError) Is(target error) bool { return target == ErrUnknownOutcome }
