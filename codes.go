package multimarkets

import (
	"fmt"
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
// ("H5", "pc_web", "ios", …; case-insensitive). Its error is a
// *ValidationError (errors.Is(err, ErrValidation)).
func ParseRegisterSource(s string) (RegisterSource, error) {
	if n, err := strconv.Atoi(s); err == nil && RegisterSource(n).Valid() {
		return RegisterSource(n), nil
	}
	for i, name := range registerSourceNames {
		if i > 0 && strings.EqualFold(name, s) {
			return RegisterSource(i), nil
		}
	}
	return 0, &ValidationError{Field: "RegisterSource",
		Rule: fmt.Sprintf("%.40q is not 1..9 or one of H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other", s)}
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

// RecordStatus is the state of a record: a configuration record (product,
// product group, dictionary entry, asset), a balance-adjustment proposal
// (Adjustment.Status) or a customer-details record (the
// customer_info_insert/customer_info_update push events): 1 enabled,
// 2 disabled, 3 deleted.
type RecordStatus int

// The documented record states.
const (
	RecordEnabled  RecordStatus = 1 // in use
	RecordDisabled RecordStatus = 2 // switched off
	RecordDeleted  RecordStatus = 3 // deleted
)

// String names the state ("enabled", "disabled", "deleted").
func (s RecordStatus) String() string {
	switch s {
	case RecordEnabled:
		return "enabled"
	case RecordDisabled:
		return "disabled"
	case RecordDeleted:
		return "deleted"
	}
	return "RecordStatus(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts 1, "1" and null.
func (s *RecordStatus) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*s = RecordStatus(n)
	return err
}

// Direction is the buy or sell side of an order, deal, position or market
// trade (1 buy, 2 sell; 0 in market data means "not given").
type Direction int

// The documented directions.
const (
	DirectionUnknown Direction = 0 // not given (market trades)
	Buy              Direction = 1 // buy, long
	Sell             Direction = 2 // sell, short
)

// String returns "buy", "sell" or "unknown".
func (d Direction) String() string {
	switch d {
	case DirectionUnknown:
		return "unknown"
	case Buy:
		return "buy"
	case Sell:
		return "sell"
	}
	return "Direction(" + strconv.Itoa(int(d)) + ")"
}

// UnmarshalJSON accepts 1, "1" and null.
func (d *Direction) UnmarshalJSON(b []byte) error {
	n, err := decodeFlexInt(b)
	*d = Direction(n)
	return err
}

// SortOrder orders a list: ascending or descending.
type SortOrder string

// The two documented orders; the server's default is SortDesc.
const (
	SortAsc  SortOrder = "asc"
	SortDesc SortOrder = "desc"
)

// valid reports whether o is empty (server default) or documented.
func (o SortOrder) valid() bool { return o == "" || o == SortAsc || o == SortDesc }
