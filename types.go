package multimarkets

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// RegisterSource is where a customer registered, as the registration
// operation's registerSource field documents it (1..9).
type RegisterSource int

// The nine documented registration sources.
const (
	SourceH5      RegisterSource = 1 // mobile web (H5)
	SourcePCWeb   RegisterSource = 2 // PC web
	SourceSystem  RegisterSource = 3 // system & back-office
	SourceAndroid RegisterSource = 4 // Android native app
	SourceIOS     RegisterSource = 5 // iOS native app
	SourceHOS     RegisterSource = 6 // Hongmeng OS
	SourcePCWin   RegisterSource = 7 // Windows client
	SourcePCMac   RegisterSource = 8 // Mac client
	SourceOther   RegisterSource = 9 // none of the above
)

var registerSourceNames = [...]string{"", "H5", "PC_Web", "System", "Android", "iOS", "HOS", "PC_Win", "PC_Mac", "Other"}

// Valid reports whether s is one of the nine documented sources.
func (s RegisterSource) Valid() bool { return s >= SourceH5 && s <= SourceOther }

// String returns the vendor's name for the source ("H5", "PC_Web", …).
func (s RegisterSource) String() string {
	if s.Valid() {
		return registerSourceNames[s]
	}
	return "RegisterSource(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts 4, "4", "" and null (0).
func (s *RegisterSource) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*s = RegisterSource(n)
	return err
}

// ParseRegisterSource accepts a number ("1".."9") or a vendor name
// ("H5", "pc_web", "ios", …; case-insensitive).
func ParseRegisterSource(s string) (RegisterSource, error) {
	if n, err := strconv.Atoi(s); err == nil && RegisterSource(n).Valid() {
		return RegisterSource(n), nil
	}
	for i, name := range registerSourceNames {
		if i > 0 && strings.EqualFold(name, s) {
			return RegisterSource(i), nil
		}
	}
	return 0, fmt.Errorf("multimarkets: unknown register source %q (want 1..9 or H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other)", s)
}

// TradeType is a trading mode ("gameplay" in the vendor's docs). The server
// sends it as a number in most operations and as a string in others; it
// decodes from both.
type TradeType int

// The trading modes the platform supports.
const (
	TradeTypeCrossContract    TradeType = 1 // full-position (cross-margin) contract
	TradeTypeIsolatedContract TradeType = 2 // single-position (isolated-margin) contract
	TradeTypeSpot             TradeType = 5 // spot
)

// String names the trading mode.
func (t TradeType) String() string {
	switch t {
	case TradeTypeCrossContract:
		return "cross contract"
	case TradeTypeIsolatedContract:
		return "isolated contract"
	case TradeTypeSpot:
		return "spot"
	}
	return "TradeType(" + strconv.Itoa(int(t)) + ")"
}

// UnmarshalJSON accepts 1, "1" and null.
func (t *TradeType) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*t = TradeType(n)
	return err
}

// FlexString is a string field that the server sends sometimes as a JSON
// string and sometimes as a number (customer numbers, record IDs in the REST
// answers and in data push). It decodes from both, keeping a number's exact
// text so that large identifiers never lose precision; null decodes to "".
// It encodes as a JSON string.
type FlexString string

// UnmarshalJSON accepts a string, a number or null.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if !json.Valid(b) {
			return fmt.Errorf("multimarkets: invalid number %q", b)
		}
		*s = FlexString(b)
	default:
		return fmt.Errorf("multimarkets: want a string or number, got %.20q", b)
	}
	return nil
}

// String returns the value.
func (s FlexString) String() string { return string(s) }

// Int64 parses the value as a base-10 integer (for identifiers the server
// sends as strings or numbers); it fails for empty or non-numeric values.
func (s FlexString) Int64() (int64, error) { return strconv.ParseInt(string(s), 10, 64) }

// FlexInt64 is an integer field that the server sends sometimes as a number
// and sometimes as a numeric string ("50", "", null → 0). It encodes as a
// JSON number.
type FlexInt64 int64

// UnmarshalJSON accepts 12, "12", "" and null.
func (n *FlexInt64) UnmarshalJSON(b []byte) error {
	v, err := decodeFlexInt(b)
	*n = FlexInt64(v)
	return err
}

func decodeFlexInt(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return 0, nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Integral values written as 12.0 or 1.2E1 by a Java encoder.
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == float64(int64(f)) {
			return int64(f), nil
		}
		return 0, fmt.Errorf("multimarkets: want an integer, got %.20q", s)
	}
	return v, nil
}

// TradeTypeCurrency pairs a trading mode with the currency of the account to
// open for it, as in registration's tradeTypeCurrencyList
// ({"allCurrency":"USDT","tradeType":"1"}).
type TradeTypeCurrency struct {
	TradeType TradeType // trading mode of the account to open (sent as a string)
	Currency  string    // currency of that account (wire allCurrency), e.g. "USDT"
}

// MarshalJSON writes the vendor's wire form, with tradeType as a string as
// in the registration example.
func (t TradeTypeCurrency) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AllCurrency string `json:"allCurrency"`
		TradeType   string `json:"tradeType"`
	}{t.Currency, strconv.Itoa(int(t.TradeType))})
}

// UnmarshalJSON reads the wire form, tradeType as a string or a number.
func (t *TradeTypeCurrency) UnmarshalJSON(b []byte) error {
	var w struct {
		AllCurrency string    `json:"allCurrency"`
		TradeType   TradeType `json:"tradeType"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = TradeTypeCurrency{TradeType: w.TradeType, Currency: w.AllCurrency}
	return nil
}

// Password is a customer's login password. The API wants its lowercase hex
// MD5; make a Password with PlainPassword (the SDK hashes it) or with
// HashedPassword (already an MD5), so a password is never hashed twice. It
// never prints: String, GoString, LogValue and MarshalText all give
// "[REDACTED]".
type Password struct {
	md5hex string // lowercase hex MD5, set by the constructors
	err    string // why the value is not usable, for validation
}

// PlainPassword makes a Password from the clear text the customer chose; the
// SDK sends its MD5 and forgets the clear text.
func PlainPassword(clear string) Password {
	if clear == "" {
		return Password{err: "must not be empty"}
	}
	return Password{md5hex: MD5Hex(clear)}
}

// HashedPassword makes a Password from an MD5 the caller already computed
// (32 hex digits, either case); it is sent as is, in lower case.
func HashedPassword(md5Hex string) Password {
	if len(md5Hex) != 32 {
		return Password{err: "hashed password must be 32 hex digits (an MD5)"}
	}
	if _, err := hex.DecodeString(md5Hex); err != nil {
		return Password{err: "hashed password must be 32 hex digits (an MD5)"}
	}
	return Password{md5hex: strings.ToLower(md5Hex)}
}

// MD5Hex returns the lowercase hex MD5 of s, the form MultiMarkets wants for
// passwords: MD5Hex("a123456") == "dc483e80a7a0bd9ef71d8cf973673924".
func MD5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// IsZero reports whether no password was given.
func (p Password) IsZero() bool { return p.md5hex == "" && p.err == "" }

func (p Password) validate(field string) error {
	switch {
	case p.IsZero():
		return &ValidationError{Field: field, Rule: "required (use PlainPassword or HashedPassword)"}
	case p.err != "":
		return &ValidationError{Field: field, Rule: p.err}
	}
	return nil
}

const redacted = "[REDACTED]"

// String hides the password.
func (p Password) String() string { return redacted }

// GoString hides the password from %#v.
func (p Password) GoString() string { return redacted }

// LogValue hides the password from slog.
func (p Password) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText hides the password from encoders that are not the SDK's own
// request path (which sends the hash explicitly).
func (p Password) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// maskPhone keeps the last 3 digits of a phone number for logs.
func maskPhone(s string) string {
	if len(s) <= 3 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-3) + s[len(s)-3:]
}

// maskEmail keeps the first character and the domain of an address for logs.
func maskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return maskPhone(s)
	}
	return s[:1] + "***" + s[at:]
}
