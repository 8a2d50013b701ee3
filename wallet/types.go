package wallet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonkey"
	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// OperationType says why MultiMarkets adjusts a wallet, and so in which
// direction money moves. The docs only fix the sign of the amount per type;
// the direction below is this SDK's reading of them (see Delta):
//
//	OPEN_POSITION         amount > 0   debit:  the margin leaves the wallet    (balance -= amount)
//	NORMAL_CLOSE          amount >= 0  credit: margin ± P/L comes back         (balance += amount)
//	ABNORMAL_OVERTRADING  amount < 0   debit:  a loss beyond the margin        (balance += amount, amount is negative)
type OperationType string

const (
	// OpenPosition debits the wallet by the (positive) amount when a position opens.
	OpenPosition OperationType = "OPEN_POSITION"
	// NormalClose credits the wallet by the (non-negative) amount when a position closes.
	NormalClose OperationType = "NORMAL_CLOSE"
	// AbnormalOvertrading debits the wallet by |amount| (amount is negative) for a
	// loss larger than the margin. The docs let the wallet decide whether to take
	// it; a Wallet that refuses returns an *Error from Adjust.
	AbnormalOvertrading OperationType = "ABNORMAL_OVERTRADING"
)

// Valid reports whether o is one of the three documented operation types.
func (o OperationType) Valid() bool {
	return o == OpenPosition || o == NormalClose || o == AbnormalOvertrading
}

// IsDebit reports whether the operation takes money out of the wallet.
func (o OperationType) IsDebit() bool { return o == OpenPosition || o == AbnormalOvertrading }

// CheckAmount reports whether amount has the sign the docs allow for o:
// OPEN_POSITION > 0, NORMAL_CLOSE >= 0, ABNORMAL_OVERTRADING < 0.
// Zero is accepted for NORMAL_CLOSE only (a close that returns nothing).
func (o OperationType) CheckAmount(amount Amount) error {
	s := amount.Sign()
	switch o {
	case OpenPosition:
		if s > 0 {
			return nil
		}
		return errors.New("OPEN_POSITION amount must be positive")
	case NormalClose:
		if s >= 0 {
			return nil
		}
		return errors.New("NORMAL_CLOSE amount must not be negative")
	case AbnormalOvertrading:
		if s < 0 {
			return nil
		}
		return errors.New("ABNORMAL_OVERTRADING amount must be negative")
	}
	return fmt.Errorf("unknown operationType %q", truncate(string(o), 32))
}

// Meta is what the handler learnt from a webhook call's headers.
type Meta struct {
	// Trace is MultiMarkets' trace header, echoed in the answer.
	Trace string
	// Timestamp is the timestamp header; zero if the header was absent.
	Timestamp time.Time
}

// BalanceQuery is MultiMarkets asking for a user's balance in one currency.
type BalanceQuery struct {
	ThirdServerCode string // the wallet's own customer identifier
	UserName        string // MultiMarkets' user identifier
	Currency        string // account currency, e.g. "USD"
	Meta            Meta   `json:"-"` // from the call's headers; not in the body
}

// Balance is what a Wallet answers to a BalanceQuery. Amount is sent with its
// own Digits as amountDigits.
type Balance struct {
	// Amount is the balance; its Digits (e.g. 2 for ParseAmount("100.00"))
	// are sent as amountDigits.
	Amount Amount
}

// Adjustment is MultiMarkets asking the wallet to move money for a trade
// ("External System Credit Limit Adjustment"). RequestUniqueNo identifies it;
// the handler guarantees exactly-once effect per RequestUniqueNo.
type Adjustment struct {
	ThirdServerCode string // the customer's ID in the white label's own system
	UserName        string // MultiMarkets' user identifier (at most 48 characters)
	Currency        string // account currency, e.g. "USD" (at most 16 characters)
	// BizType is the trading business that caused the adjustment. The webhook
	// documents 1, 2, 10, 11 and 12 (OrderMarketOpen, OrderMarketClose,
	// OrderLimitPending, OrderStopPending, OrderLimitOpen); other values are
	// passed through unchanged.
	BizType       multimarkets.OrderType
	OperationType OperationType // why money moves, and so its direction (see Delta)
	// Amount is the amount as sent, with Digits() == amountDigits; its sign
	// matches OperationType (checked). Use Delta for the effect on the balance.
	Amount          Amount
	OrderID         int64     // MultiMarkets' ID of the order behind the adjustment
	RequestUniqueNo string    // identifies the adjustment; a repeat carries the same one (at most 48 characters)
	RequestTime     time.Time // when MultiMarkets made the request (wire Unix milliseconds)
	IP              string    // the end user's IP address: personal data, never logged
	Metadata        string    // MultiMarkets' remark, JSON text of at most 200 characters; may be empty
	Meta            Meta      `json:"-"` // from the call's headers; not in the body
}

// Delta is the signed change to the wallet balance this adjustment asks for:
// -Amount for OPEN_POSITION, +Amount for NORMAL_CLOSE and ABNORMAL_OVERTRADING
// (whose Amount is negative).
func (a Adjustment) Delta() Amount {
	if a.OperationType == OpenPosition {
		return a.Amount.Neg()
	}
	return a.Amount
}

// sameRequest reports whether b is a repeat of a (same money, user and order);
// a different body under the same requestUniqueNo is a conflict.
func (a Adjustment) sameRequest(b Adjustment) bool {
	return a.UserName == b.UserName && a.Currency == b.Currency && a.OperationType == b.OperationType &&
		a.Amount.Identical(b.Amount) && a.OrderID == b.OrderID && a.BizType == b.BizType &&
		a.ThirdServerCode == b.ThirdServerCode
}

// String describes the adjustment with its personal data masked (user name,
// the customer's own ID, IP: see redact.Mask) and without its amount or
// metadata.
func (a Adjustment) String() string {
	return fmt.Sprintf("Adjustment{requestUniqueNo=%s op=%s bizType=%s orderId=%d currency=%s user=%s thirdServerCode=%s ip=%s}",
		a.RequestUniqueNo, a.OperationType, a.BizType, a.OrderID, a.Currency,
		redact.Mask(a.UserName), redact.Mask(a.ThirdServerCode), redact.Mask(a.IP))
}

// Format prints String under every fmt verb (%v, %+v, %#v, %d, %x, …), so
// no verb shows the personal data.
func (a Adjustment) Format(f fmt.State, verb rune) { redact.Format(f, verb, a.String()) }

// GoString is String.
func (a Adjustment) GoString() string { return a.String() }

// LogValue makes slog print the same redacted view as String.
func (a Adjustment) LogValue() slog.Value {
	return slog.GroupValue(slog.String("requestUniqueNo", a.RequestUniqueNo), slog.String("op", string(a.OperationType)),
		slog.Int64("orderId", a.OrderID), slog.String("currency", a.Currency), slog.String("user", redact.Mask(a.UserName)))
}

// Cancel is MultiMarkets asking the wallet to undo the adjustment whose
// requestUniqueNo is ReverseRequestUniqueNo, after that adjustment timed out or
// failed. Cancels are retried; the handler reverses at most once.
type Cancel struct {
	ThirdServerCode        string                 // the customer's ID in the white label's own system
	UserName               string                 // must be the adjustment's user, or the cancel is refused
	Currency               string                 // must be the adjustment's currency, or the cancel is refused
	BizType                multimarkets.OrderType // trading business of the adjustment to undo (as Adjustment.BizType)
	Amount                 Amount                 // as sent: never negative; informational, the recorded original is what is reversed
	OrderID                int64                  // order of the adjustment to undo; optional, 0 if not sent
	RequestUniqueNo        string                 // this cancel's own identifier
	ReverseRequestUniqueNo string                 // the adjustment to undo
	RequestTime            time.Time              // when MultiMarkets made the cancel (wire Unix milliseconds)
	IP                     string                 // personal data, never logged
	CancelRemark           string                 // MultiMarkets' reason for the cancel (at most 200 characters)
	Metadata               string                 // MultiMarkets' remark, JSON text of at most 200 characters; may be empty
	Meta                   Meta                   `json:"-"` // from the call's headers; not in the body
}

// String describes the cancel with its personal data masked (as
// Adjustment.String) and without its amount, remark or metadata.
func (c Cancel) String() string {
	return fmt.Sprintf("Cancel{requestUniqueNo=%s reverse=%s currency=%s user=%s thirdServerCode=%s ip=%s}",
		c.RequestUniqueNo, c.ReverseRequestUniqueNo, c.Currency,
		redact.Mask(c.UserName), redact.Mask(c.ThirdServerCode), redact.Mask(c.IP))
}

// Format prints String under every fmt verb.
func (c Cancel) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// GoString is String.
func (c Cancel) GoString() string { return c.String() }

// LogValue makes slog print the same redacted view as String.
func (c Cancel) LogValue() slog.Value {
	return slog.GroupValue(slog.String("requestUniqueNo", c.RequestUniqueNo), slog.String("reverse", c.ReverseRequestUniqueNo),
		slog.String("currency", c.Currency), slog.String("user", redact.Mask(c.UserName)))
}

// Reversal is what the handler asks a Wallet to undo: Original was applied
// and Delta (= -Original.Delta()) must now be added to the balance, once.
type Reversal struct {
	Original Adjustment // the adjustment as first received and applied
	Cancel   Cancel     // the cancel call being served (a retry if earlier ones failed)
	Delta    Amount     // change to add to the balance: -Original.Delta()
}

// String describes the reversal as Adjustment.String and Cancel.String do.
func (r Reversal) String() string {
	return "Reversal{original=" + r.Original.String() + " cancel=" + r.Cancel.String() + "}"
}

// Format prints String under every fmt verb.
func (r Reversal) Format(f fmt.State, verb rune) { redact.Format(f, verb, r.String()) }

// GoString is String.
func (r Reversal) GoString() string { return r.String() }

// String describes the query with the user name and customer ID masked.
func (q BalanceQuery) String() string {
	return "BalanceQuery{currency=" + q.Currency + " user=" + redact.Mask(q.UserName) +
		" thirdServerCode=" + redact.Mask(q.ThirdServerCode) + "}"
}

// Format prints String under every fmt verb.
func (q BalanceQuery) Format(f fmt.State, verb rune) { redact.Format(f, verb, q.String()) }

// GoString is String.
func (q BalanceQuery) GoString() string { return q.String() }

// Documented field lengths, and the SDK's own caps where the docs give none.
const (
	maxUserName   = 48
	maxCurrency   = 16
	maxUniqueNo   = 48
	maxRemark     = 200
	maxMetadata   = 200
	maxThirdCode  = 64 // undocumented
	maxIP         = 64 // undocumented; IPv6 text is at most 45
	maxTrace      = 128
	maxBodyBytes  = 64 << 10
	maxDigitsWire = 18
)

// RequestError describes why a webhook body was refused. Its text names the
// field but never echoes the field's value.
type RequestError struct {
	Field  string // JSON field at fault (camelCase); empty if the body as a whole is wrong
	Reason string // what is wrong, without the field's value
}

// Error returns "wallet: bad request: " followed by Field (if any) and
// Reason.
func (e *RequestError) Error() string {
	if e.Field == "" {
		return "wallet: bad request: " + e.Reason
	}
	return "wallet: bad request: " + e.Field + ": " + e.Reason
}

// fields reads a JSON object tolerantly: camelCase or snake_case keys,
// numbers as strings or strings as numbers. The first problem is kept.
//
// The body is checked once (json.Valid) and then split into its top-level
// members without copying; a member's value is converted only when a field
// asks for it, and a string without escapes needs no second JSON pass. A
// key given twice counts with its last value, as encoding/json does.
type fields struct {
	body []byte
	ms   []member
	keys []string // keys that held a backslash, unescaped
	err  error
	buf  [16]member // room for ms: webhook bodies have at most 13 keys
}

// member locates one top-level key and its raw value in the body: the key's
// text is body[ks:ke] or, if ks < 0, keys[-ks-1]; the value is body[vs:ve].
type member struct {
	ks, ke, vs, ve int32
}

func newFields(body []byte) (*fields, error) {
	if len(body) > maxBodyBytes {
		return nil, &RequestError{Reason: "body too large"}
	}
	// encoding/json replaces invalid UTF-8, and a \u escape of a lone
	// UTF-16 surrogate, by U+FFFD, so two different byte strings would
	// decode to the same userName or requestUniqueNo (and debit the same
	// account). Such a body is refused before decoding.
	if !utf8.Valid(body) {
		return nil, &RequestError{Reason: "body is not valid UTF-8"}
	}
	if loneSurrogate(body) {
		return nil, &RequestError{Reason: "body holds a \\u escape of a lone UTF-16 surrogate"}
	}
	if !json.Valid(body) {
		// Anything after the object (another value, a stray bracket) makes
		// the body invalid as a whole.
		var m map[string]json.RawMessage
		if err := json.NewDecoder(bytes.NewReader(body)).Decode(&m); err == nil && m != nil {
			return nil, &RequestError{Reason: "trailing data after JSON object"}
		}
		return nil, &RequestError{Reason: "body is not a JSON object"}
	}
	f := &fields{body: body}
	if !f.split() {
		return nil, &RequestError{Reason: "body is not a JSON object"}
	}
	return f, nil
}

// split finds the top-level members of f.body, which json.Valid has
// accepted (and maxBodyBytes bounds); false if the body is not an object.
func (f *fields) split() bool {
	body := f.body
	i := jsonscan.SkipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return false
	}
	f.ms = f.buf[:0]
	i++
	for {
		i = jsonscan.SkipSpace(body, i)
		switch body[i] {
		case '}':
			return true
		case ',':
			i = jsonscan.SkipSpace(body, i+1)
		}
		end := jsonscan.SkipValue(body, i) // after the name's closing quote
		m := member{ks: int32(i + 1), ke: int32(end - 1)}
		if bytes.IndexByte(body[i:end], '\\') >= 0 {
			var k string
			if json.Unmarshal(body[i:end], &k) != nil {
				return false // cannot happen after json.Valid
			}
			f.keys = append(f.keys, k)
			m.ks = -int32(len(f.keys))
		}
		i = jsonscan.SkipSpace(body, end) // at ':'
		i = jsonscan.SkipSpace(body, i+1) // at the value
		vend := jsonscan.SkipValue(body, i)
		m.vs, m.ve = int32(i), int32(vend)
		f.ms = append(f.ms, m)
		i = vend
	}
}

// loneSurrogate reports whether body has a \uXXXX escape of a UTF-16
// surrogate that is not part of a high-low pair. A backslash can only occur
// inside a JSON string, so body is scanned without tracking strings; a body
// that is not JSON fails to decode anyway.
func loneSurrogate(body []byte) bool {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(body) || body[i] != '\\' || body[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(body[i+2:i+6]), 16, 16)
		return rune(n), err == nil
	}
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // skip the escaped character (it may be a backslash)
			continue
		}
		switch {
		case r >= 0xD800 && r < 0xDC00: // high: a low must follow
			lo, ok := hex4(i + 6)
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 11
		case r >= 0xDC00 && r <= 0xDFFF: // a low alone
			return true
		default:
			i += 5
		}
	}
	return false
}

func (f *fields) fail(field, reason string) {
	if f.err == nil {
		f.err = &RequestError{Field: field, Reason: reason}
	}
}

// lookup returns the last value given under exactly key.
func (f *fields) lookup(key string) ([]byte, bool) {
	for i := len(f.ms) - 1; i >= 0; i-- {
		m := f.ms[i]
		if m.ks < 0 && f.keys[-m.ks-1] == key || m.ks >= 0 && string(f.body[m.ks:m.ke]) == key {
			return f.body[m.vs:m.ve], true
		}
	}
	return nil, false
}

// snakeNames holds jsonkey.Snake of every field name the decoders read.
var snakeNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"thirdServerCode", "userName", "currency", "bizType", "operationType", "amount",
		"amountDigits", "orderId", "requestUniqueNo", "reverseRequestUniqueNo", "requestTime", "ip",
		"cancelRemark", "metadata"} {
		m[n] = jsonkey.Snake(n)
	}
	return m
}()

func snakeOf(name string) string {
	if s, ok := snakeNames[name]; ok {
		return s
	}
	return jsonkey.Snake(name)
}

// raw returns the value under the camelCase name or its snake_case alias.
func (f *fields) raw(name string) ([]byte, bool) {
	v, ok := f.lookup(name)
	snake := snakeOf(name)
	if w, ok2 := f.lookup(snake); ok2 && snake != name {
		if ok && !bytes.Equal(v, w) && !isNull(v) && !isNull(w) {
			f.fail(name, "given twice with different values ("+snake+")")
			return nil, false
		}
		if !ok || isNull(v) {
			v, ok = w, true
		}
	}
	if !ok || isNull(v) {
		return nil, false
	}
	return v, true
}

func isNull(v []byte) bool { return string(v) == "null" }

// text returns a string value; a JSON number's text is accepted too.
func (f *fields) text(name string) (string, bool) {
	v, ok := f.raw(name)
	if !ok {
		return "", false
	}
	switch c := v[0]; {
	case c == '"':
		if bytes.IndexByte(v, '\\') < 0 {
			// Valid UTF-8 without escapes or control characters
			// (json.Valid): the text between the quotes is the string.
			return string(v[1 : len(v)-1]), true
		}
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			return s, true
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return string(v), true // a JSON number, as json.Valid checked
	}
	f.fail(name, "must be a string")
	return "", false
}

// str reads a string field. required: the key must be present; nonEmpty: and not "".
func (f *fields) str(name string, required, nonEmpty bool, max int) string {
	s, ok := f.text(name)
	switch {
	case !ok && required:
		f.fail(name, "missing")
	case nonEmpty && ok && strings.TrimSpace(s) == "":
		f.fail(name, "empty")
	case utf8.RuneCountInString(s) > max:
		f.fail(name, "longer than "+strconv.Itoa(max)+" characters")
	}
	return s
}

func (f *fields) integer(name string, required bool) int64 {
	s, ok := f.text(name)
	if !ok {
		if required {
			f.fail(name, "missing")
		}
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		f.fail(name, "must be an integer")
	}
	return n
}

// amount reads amount and amountDigits and returns the amount with exactly amountDigits places.
func (f *fields) amount(required bool) Amount {
	s, ok := f.text("amount")
	digits := f.integer("amountDigits", required)
	if !ok {
		if required {
			f.fail("amount", "missing")
		}
		return Amount{}
	}
	a, err := ParseAmount(strings.TrimSpace(s))
	if err != nil {
		f.fail("amount", "not an exact decimal number")
		return Amount{}
	}
	if digits < 0 || digits > maxDigitsWire {
		f.fail("amountDigits", "out of range 0.."+strconv.Itoa(maxDigitsWire))
		return Amount{}
	}
	r, err := a.Rescale(int(digits))
	if err != nil {
		f.fail("amount", "has more decimal places than amountDigits")
		return Amount{}
	}
	return r
}

func (f *fields) millis(name string, required bool) time.Time {
	n := f.integer(name, required)
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n).UTC()
}

// DecodeBalanceQuery decodes and checks a balance-query body (camelCase or snake_case keys).
func DecodeBalanceQuery(body []byte) (BalanceQuery, error) {
	f, err := newFields(body)
	if err != nil {
		return BalanceQuery{}, err
	}
	q := BalanceQuery{
		ThirdServerCode: f.str("thirdServerCode", true, false, maxThirdCode),
		UserName:        f.str("userName", true, true, maxUserName),
		Currency:        f.str("currency", true, true, maxCurrency),
	}
	return q, f.err
}

// DecodeAdjustment decodes and checks an adjustment body: required fields,
// documented lengths, operation type, and the amount's sign against it.
func DecodeAdjustment(body []byte) (Adjustment, error) {
	f, err := newFields(body)
	if err != nil {
		return Adjustment{}, err
	}
	a := Adjustment{
		ThirdServerCode: f.str("thirdServerCode", true, false, maxThirdCode),
		UserName:        f.str("userName", true, true, maxUserName),
		Currency:        f.str("currency", true, true, maxCurrency),
		BizType:         multimarkets.OrderType(f.integer("bizType", true)),
		OperationType:   OperationType(f.str("operationType", true, true, 32)),
		Amount:          f.amount(true),
		OrderID:         f.integer("orderId", true),
		RequestUniqueNo: f.str("requestUniqueNo", true, true, maxUniqueNo),
		RequestTime:     f.millis("requestTime", true),
		IP:              f.str("ip", true, false, maxIP),
		Metadata:        f.str("metadata", false, false, maxMetadata),
	}
	if f.err != nil {
		return Adjustment{}, f.err
	}
	if !a.OperationType.Valid() {
		return Adjustment{}, &RequestError{Field: "operationType", Reason: "not OPEN_POSITION, NORMAL_CLOSE or ABNORMAL_OVERTRADING"}
	}
	if err := a.OperationType.CheckAmount(a.Amount); err != nil {
		return Adjustment{}, &RequestError{Field: "amount", Reason: err.Error()}
	}
	return a, nil
}

// DecodeCancel decodes and checks a cancel body. The amount must not be negative.
func DecodeCancel(body []byte) (Cancel, error) {
	f, err := newFields(body)
	if err != nil {
		return Cancel{}, err
	}
	c := Cancel{
		ThirdServerCode:        f.str("thirdServerCode", true, false, maxThirdCode),
		UserName:               f.str("userName", true, true, maxUserName),
		Currency:               f.str("currency", true, true, maxCurrency),
		BizType:                multimarkets.OrderType(f.integer("bizType", true)),
		Amount:                 f.amount(true),
		OrderID:                f.integer("orderId", false),
		RequestUniqueNo:        f.str("requestUniqueNo", true, true, maxUniqueNo),
		ReverseRequestUniqueNo: f.str("reverseRequestUniqueNo", true, true, maxUniqueNo),
		RequestTime:            f.millis("requestTime", true),
		IP:                     f.str("ip", true, false, maxIP),
		CancelRemark:           f.str("cancelRemark", true, false, maxRemark),
		Metadata:               f.str("metadata", false, false, maxMetadata),
	}
	if f.err != nil {
		return Cancel{}, f.err
	}
	if c.Amount.Sign() < 0 {
		return Cancel{}, &RequestError{Field: "amount", Reason: "must not be negative"}
	}
	return c, nil
}

// wireAdjustment is the camelCase wire form used by MarshalJSON.
type wireAdjustment struct {
	ThirdServerCode string                 `json:"thirdServerCode"`
	UserName        string                 `json:"userName"`
	Currency        string                 `json:"currency"`
	BizType         multimarkets.OrderType `json:"bizType"`
	OperationType   OperationType          `json:"operationType"`
	Amount          string                 `json:"amount"`
	AmountDigits    int                    `json:"amountDigits"`
	OrderID         int64                  `json:"orderId"`
	RequestUniqueNo string                 `json:"requestUniqueNo"`
	RequestTime     int64                  `json:"requestTime"`
	IP              string                 `json:"ip"`
	Metadata        string                 `json:"metadata,omitempty"`
}

// MarshalJSON writes the adjustment as MultiMarkets sends it (camelCase, amount as a string).
func (a Adjustment) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireAdjustment{
		ThirdServerCode: a.ThirdServerCode, UserName: a.UserName, Currency: a.Currency, BizType: a.BizType,
		OperationType: a.OperationType, Amount: a.Amount.String(), AmountDigits: a.Amount.Digits(),
		OrderID: a.OrderID, RequestUniqueNo: a.RequestUniqueNo, RequestTime: millisOf(a.RequestTime),
		IP: a.IP, Metadata: a.Metadata,
	})
}

// UnmarshalJSON decodes with DecodeAdjustment's rules.
func (a *Adjustment) UnmarshalJSON(b []byte) error {
	v, err := DecodeAdjustment(b)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

type wireCancel struct {
	ThirdServerCode        string                 `json:"thirdServerCode"`
	UserName               string                 `json:"userName"`
	Currency               string                 `json:"currency"`
	BizType                multimarkets.OrderType `json:"bizType"`
	Amount                 string                 `json:"amount"`
	AmountDigits           int                    `json:"amountDigits"`
	OrderID                int64                  `json:"orderId,omitempty"`
	RequestUniqueNo        string                 `json:"requestUniqueNo"`
	ReverseRequestUniqueNo string                 `json:"reverseRequestUniqueNo"`
	RequestTime            int64                  `json:"requestTime"`
	IP                     string                 `json:"ip"`
	CancelRemark           string                 `json:"cancelRemark"`
	Metadata               string                 `json:"metadata,omitempty"`
}

// MarshalJSON writes the cancel as MultiMarkets sends it.
func (c Cancel) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireCancel{
		ThirdServerCode: c.ThirdServerCode, UserName: c.UserName, Currency: c.Currency, BizType: c.BizType,
		Amount: c.Amount.String(), AmountDigits: c.Amount.Digits(), OrderID: c.OrderID,
		RequestUniqueNo: c.RequestUniqueNo, ReverseRequestUniqueNo: c.ReverseRequestUniqueNo,
		RequestTime: millisOf(c.RequestTime), IP: c.IP, CancelRemark: c.CancelRemark, Metadata: c.Metadata,
	})
}

// UnmarshalJSON decodes with DecodeCancel's rules.
func (c *Cancel) UnmarshalJSON(b []byte) error {
	v, err := DecodeCancel(b)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// MarshalJSON writes the balance query as MultiMarkets sends it.
func (q BalanceQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ThirdServerCode string `json:"thirdServerCode"`
		UserName        string `json:"userName"`
		Currency        string `json:"currency"`
	}{q.ThirdServerCode, q.UserName, q.Currency})
}

func millisOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
