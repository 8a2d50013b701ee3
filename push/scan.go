package push

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
)

// This file reads the common shape of a pushed message in one pass over
// its bytes, without encoding/json's state machine and reflection per
// value: the check that it is valid JSON (validJSON, json.Valid's rules),
// the envelope with the record keys (scanEnvelope, keySpans) and the typed
// payload (scanPayload). The readers other than validJSON run only on
// valid JSON and give up (ok false) on anything out of the ordinary — a
// member name with escapes or non-ASCII bytes, a name that matches a field
// only case-insensitively, a duplicate envelope member, a value a field
// does not accept — and the caller then decodes with encoding/json, whose
// result is the reference. TestScanMatchesEncodingJSON, FuzzDecode and
// FuzzValidJSON compare both.

// payloadField is how scanPayload sets one field of a payload struct.
type payloadField struct {
	index []int // reflect field index path (through embedded structs)
	kind  fieldKind
}

type fieldKind uint8

const (
	fieldUnmarshaler fieldKind = iota // *T implements json.Unmarshaler: called with the value's bytes
	fieldDecimal                      // multimarkets.Decimal: plainDecimal, else UnmarshalJSON
	fieldString                       // a string kind: a plain JSON string, or null (no change)
	fieldOther                        // anything else: json.Unmarshal of the value alone
)

// payloadLayout lists the JSON member names of one payload type.
type payloadLayout struct {
	fields map[string]payloadField
	folded map[string]bool // lower-case names, to notice case-insensitive matches
	maxLen int             // longest name
}

// payloadLayouts holds the layout of every documented payload type; it is
// built once, at start-up, and only read afterwards.
var payloadLayouts = func() map[EventType]*payloadLayout {
	m := map[EventType]*payloadLayout{}
	for t, f := range payloadFactories {
		l := &payloadLayout{fields: map[string]payloadField{}, folded: map[string]bool{}}
		l.add(reflect.TypeOf(f()).Elem(), nil)
		m[t] = l
	}
	return m
}()

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	decimalType         = reflect.TypeFor[multimarkets.Decimal]()
)

func (l *payloadLayout) add(t reflect.Type, prefix []int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			l.add(f.Type, index)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		kind := fieldOther
		switch pt := reflect.PointerTo(f.Type); {
		case f.Type == decimalType:
			kind = fieldDecimal
		case pt.Implements(unmarshalerType):
			kind = fieldUnmarshaler
		case pt.Implements(textUnmarshalerType):
		case f.Type.Kind() == reflect.String:
			kind = fieldString
		}
		l.fields[name] = payloadField{index: index, kind: kind}
		l.folded[strings.ToLower(name)] = true
		l.maxLen = max(l.maxLen, len(name))
	}
}

// scanPayload decodes data, a valid JSON object, into p (a new payload of
// type t) as json.Unmarshal would; false if it gave up (p is then partly
// set and must be discarded).
func scanPayload(t EventType, data []byte, p Payload) bool {
	l := payloadLayouts[t]
	if l == nil || len(data) == 0 || data[0] != '{' {
		return false
	}
	v := reflect.ValueOf(p).Elem()
	return jsonscan.WalkObject(data, 0, func(name []byte, i int) int {
		end := jsonscan.SkipValue(data, i)
		f, ok := l.fields[string(name)]
		if !ok {
			// An unknown member is ignored, unless encoding/json would
			// match it to a field case-insensitively.
			if len(name) > l.maxLen {
				return end
			}
			var low [64]byte
			for i, c := range name {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				low[i] = c
			}
			if l.folded[string(low[:len(name)])] {
				return -1
			}
			return end
		}
		val := data[i:end]
		fv := v.FieldByIndex(f.index)
		switch f.kind {
		case fieldUnmarshaler:
			if fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(val) != nil {
				return -1
			}
		case fieldDecimal:
			d := fv.Addr().Interface().(*multimarkets.Decimal)
			if n, digits, ok := plainDecimal(val); ok {
				*d = multimarkets.NewDecimal(n, digits)
			} else if d.UnmarshalJSON(val) != nil {
				return -1
			}
		case fieldString:
			if val[0] == 'n' { // null: no change
				return end
			}
			s, ok := jsonscan.PlainString(val)
			if !ok {
				return -1
			}
			fv.SetString(s)
		default:
			if json.Unmarshal(val, fv.Addr().Interface()) != nil {
				return -1
			}
		}
		return end
	}) >= 0
}

// plainDecimal reads the common amount — a JSON number or string of the
// form -?digits(.digits)? with at most 18 digits — as unscaled value and
// digits, which multimarkets.NewDecimal turns into the Decimal that
// Decimal.UnmarshalJSON would return (without its text parsing through
// math/big). Anything else (exponents, more digits, "", null, spaces) is
// left to UnmarshalJSON.
func plainDecimal(b []byte) (n int64, digits int, ok bool) {
	if len(b) >= 2 && b[0] == '"' {
		b = b[1 : len(b)-1]
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	count, point := 0, -1
	for i, c := range b {
		switch {
		case '0' <= c && c <= '9':
			n = n*10 + int64(c-'0')
			count++
		case c == '.' && point < 0 && i > 0:
			point = i
		default:
			return 0, 0, false
		}
	}
	if count == 0 || count > 18 || point == len(b)-1 {
		return 0, 0, false
	}
	if point >= 0 {
		digits = len(b) - point - 1
	}
	if neg {
		n = -n
	}
	return n, digits, true
}
