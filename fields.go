package multimarkets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MilliTime is a point in time the server sends as Unix milliseconds (a
// 13-digit number, sometimes as a string), in UTC. 0, "" and null decode to
// the zero time, so IsZero reports "not set" (for example the close time of
// an open position). It embeds time.Time: use it like one. Every time the
// SDK decodes, in the REST answers and in data push, is a MilliTime or a
// time.Time in UTC.
type MilliTime struct{ time.Time }

// UnmarshalJSON accepts 1705567915141, "1705567915141", 0, "" and null;
// the time is in UTC.
func (t *MilliTime) UnmarshalJSON(b []byte) error {
	ms, err := decodeFlexInt(b)
	if err != nil {
		return err
	}
	t.Time = time.Time{}
	if ms != 0 {
		t.Time = time.UnixMilli(ms).UTC()
	}
	return nil
}

// MarshalJSON writes the time as Unix milliseconds (0 for the zero time).
func (t MilliTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("0"), nil
	}
	return []byte(strconv.FormatInt(t.UnixMilli(), 10)), nil
}

// unixMillis is the wire form of an optional time filter: 0 when unset.
func unixMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// IDList is a list of numeric IDs the server sends as a comma-separated
// string ("2,3,4", the customer groups allowed to trade a product). It also
// decodes from a JSON array of numbers or strings, a single number, "" and
// null (empty list).
type IDList []int64

// UnmarshalJSON accepts "1,2,3", [1,2,3], ["1","2"], 7, "" and null.
func (l *IDList) UnmarshalJSON(b []byte) error {
	parts, err := splitList(b)
	if err != nil {
		return err
	}
	out := make(IDList, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return fmt.Errorf("multimarkets: want a list of integers, got %.40q", b)
		}
		out = append(out, n)
	}
	*l = out
	return nil
}

// Contains reports whether id is in the list.
func (l IDList) Contains(id int64) bool {
	for _, v := range l {
		if v == id {
			return true
		}
	}
	return false
}

// TradeTypeList is a list of trading modes the server sends as a
// comma-separated string ("1,5"); it also decodes from a JSON array.
type TradeTypeList []TradeType

// UnmarshalJSON accepts "1,5", [1,5], ["1","5"], 1, "" and null.
func (l *TradeTypeList) UnmarshalJSON(b []byte) error {
	var ids IDList
	if err := ids.UnmarshalJSON(b); err != nil {
		return err
	}
	out := make(TradeTypeList, len(ids))
	for i, id := range ids {
		out[i] = TradeType(id)
	}
	*l = out
	return nil
}

// Contains reports whether t is in the list.
func (l TradeTypeList) Contains(t TradeType) bool {
	for _, v := range l {
		if v == t {
			return true
		}
	}
	return false
}

// splitList reads a comma-separated string, an array or a single scalar into
// trimmed, non-empty elements. Full-width commas (as in the spec's country
// examples) separate too.
func splitList(b []byte) ([]string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	var raw []string
	switch b[0] {
	case '[':
		var items []FlexString
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, err
		}
		for _, it := range items {
			raw = append(raw, string(it))
		}
	default:
		var s FlexString
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		raw = strings.FieldsFunc(string(s), func(r rune) bool { return r == ',' || r == '，' })
	}
	out := raw[:0]
	for _, p := range raw {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
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

// fieldPositive reports a ValidationError unless v > 0.
func fieldPositive(field string, v int64) error {
	if v <= 0 {
		return &ValidationError{Field: field, Rule: "required, > 0"}
	}
	return nil
}

// fieldNonNegative reports a ValidationError when v < 0.
func fieldNonNegative(field string, v int64) error {
	if v < 0 {
		return &ValidationError{Field: field, Rule: "must be >= 0 (0: not set)"}
	}
	return nil
}
