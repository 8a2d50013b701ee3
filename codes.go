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

var registerSourceNames = map[RegisterSource]string{
	SourceH5: "H5", SourcePCWeb: "PC_Web", SourceSystem: "System", SourceAndroid: "Android", SourceIOS: "iOS",
	SourceHOS: "HOS", SourcePCWin: "PC_Win", SourcePCMac: "PC_Mac", SourceOther: "Other",
}

// Valid reports whether s is one of the nine documented sources.
func (s RegisterSource) Valid() bool { return s >= SourceH5 && s <= SourceOther }

// String returns the vendor's name for the source ("H5", "PC_Web", …).
func (s RegisterSource) String() string { return enumName(registerSourceNames, s) }

// UnmarshalJSON accepts 4, "4", "" and null (0).
func (s *RegisterSource) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// ParseRegisterSource accepts a number ("1".."9") or a vendor name
// ("H5", "pc_web", "ios", …; case-insensitive). Its error is a
// *ValidationError (errors.Is(err, ErrValidation)).
func ParseRegisterSource(s string) (RegisterSource, error) {
	if n, err := strconv.Atoi(s); err == nil && RegisterSource(n).Valid() {
		return RegisterSource(n), nil
	}
	for src := SourceH5; src <= SourceOther; src++ {
		if strings.EqualFold(registerSourceNames[src], s) {
			return src, nil
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

var tradeTypeNames = map[TradeType]string{TradeTypeCrossContract: "cross contract", TradeTypeIsolatedContract: "isolated contract", TradeTypeSpot: "spot"}

// String names the trading mode.
func (t TradeType) String() string { return enumName(tradeTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *TradeType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

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

var recordStatusNames = map[RecordStatus]string{RecordEnabled: "enabled", RecordDisabled: "disabled", RecordDeleted: "deleted"}

// String names the state ("enabled", "disabled", "deleted").
func (s RecordStatus) String() string { return enumName(recordStatusNames, s) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (s *RecordStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }

// Direction is the buy or sell side of an order, deal, position or market
// trade (1 buy, 2 sell; 0 in market data means "not given").
type Direction int

// The documented directions.
const (
	DirectionUnknown Direction = 0 // not given (market trades)
	Buy              Direction = 1 // buy, long
	Sell             Direction = 2 // sell, short
)

var directionNames = map[Direction]string{DirectionUnknown: "unknown", Buy: "buy", Sell: "sell"}

// String returns "buy", "sell" or "unknown".
func (d Direction) String() string { return enumName(directionNames, d) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (d *Direction) UnmarshalJSON(b []byte) error { return decodeEnum(d, b) }

// SortOrder orders a list: ascending or descending.
type SortOrder string

// The two documented orders; the server's default is SortDesc.
const (
	SortAsc  SortOrder = "asc"
	SortDesc SortOrder = "desc"
)

// valid reports whether o is empty (server default) or documented.
func (o SortOrder) valid() bool { return o == "" || o == SortAsc || o == SortDesc }
