package push

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"unicode/utf8"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
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
	return walkObject(data, 0, func(name []byte, i int) int {
		end := skipValue(data, i)
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
			s, ok := plainString(val)
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

// plainString returns the text of a JSON string without escapes whose
// bytes are valid UTF-8 (what encoding/json would return unchanged).
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	ascii := true
	for _, c := range in {
		switch {
		case c < 0x20 || c == '"' || c == '\\':
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}

// walkObject calls f with the name of each member of the JSON object
// starting at b[i] (b must be valid JSON) and the index of its value; f
// returns the index after the value, or -1 to stop. walkObject returns the
// index after the object; -1 if a member name is not plain ASCII without
// escapes (the caller then leaves the object to encoding/json) or f
// stopped.
func walkObject(b []byte, i int, f func(name []byte, value int) int) int {
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	for i < len(b) {
		if b[i] != '"' {
			return -1
		}
		start := i + 1
		for i = start; i < len(b) && b[i] != '"'; i++ {
			if b[i] == '\\' || b[i] >= utf8.RuneSelf {
				return -1
			}
		}
		if i >= len(b) {
			return -1
		}
		name := b[start:i]
		i = skipSpace(b, i+1)
		if i >= len(b) || b[i] != ':' {
			return -1
		}
		end := f(name, skipSpace(b, i+1))
		if end < 0 {
			return -1
		}
		i = skipSpace(b, end)
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return i + 1
		default:
			return -1
		}
	}
	return -1
}

// skipValue returns the index after the JSON value starting at b[i] (b must
// be valid JSON).
func skipValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
	}
	return len(b)
}

// skipString returns the index of the quote that ends the JSON string
// starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(b) - 1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// maxDepth is encoding/json's nesting limit: deeper input is invalid.
const maxDepth = 10000

// validJSON reports whether b is one valid JSON value with optional
// surrounding whitespace, exactly as json.Valid does (FuzzValidJSON
// compares them), in one pass without encoding/json's per-byte state
// machine. spaced is false if b has no whitespace between its tokens, i.e.
// every part of it is already compact. Like json.Valid it accepts any bytes from 0x20 in strings,
// including invalid UTF-8.
func validJSON(b []byte) (valid, spaced bool) {
	var st [64]byte
	stack := st[:0] // the open containers, '{' or '['
	ws := func(i int) int {
		j := skipSpace(b, i)
		spaced = spaced || j != i
		return j
	}
	i := ws(0)
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return false, false
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if len(stack)+1 > maxDepth {
				return false, false
			}
			end := byte('}')
			if c == '[' {
				end = ']'
			}
			i = ws(i + 1)
			if i < len(b) && b[i] == end {
				i++
				break
			}
			stack = append(stack, c)
			if c == '{' {
				var ok bool
				if i, ok = memberName(b, i, ws); !ok {
					return false, false
				}
			}
			continue
		case c == '"':
			var ok bool
			if i, ok = scanString(b, i); !ok {
				return false, false
			}
		case c == 't':
			if !bytes.HasPrefix(b[i:], []byte("true")) {
				return false, false
			}
			i += 4
		case c == 'f':
			if !bytes.HasPrefix(b[i:], []byte("false")) {
				return false, false
			}
			i += 5
		case c == 'n':
			if !bytes.HasPrefix(b[i:], []byte("null")) {
				return false, false
			}
			i += 4
		case c == '-' || ('0' <= c && c <= '9'):
			var ok bool
			if i, ok = scanNumber(b, i); !ok {
				return false, false
			}
		default:
			return false, false
		}
		// A value ended before b[i]: close containers until the next
		// value starts, or the input ends.
		for {
			i = ws(i)
			if len(stack) == 0 {
				return i == len(b), spaced
			}
			if i >= len(b) {
				return false, false
			}
			top := stack[len(stack)-1]
			if b[i] == ',' {
				i = ws(i + 1)
				if top == '{' {
					var ok bool
					if i, ok = memberName(b, i, ws); !ok {
						return false, false
					}
				}
				break
			}
			if (top == '{' && b[i] == '}') || (top == '[' && b[i] == ']') {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return false, false
		}
	}
}

// memberName reads `"name" :` and the whitespace after it, returning the
// index of the member's value.
func memberName(b []byte, i int, ws func(int) int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	i, ok := scanString(b, i)
	if !ok {
		return i, false
	}
	i = ws(i)
	if i >= len(b) || b[i] != ':' {
		return i, false
	}
	return ws(i + 1), true
}

// scanString checks the JSON string starting at b[i] and returns the index
// after it.
func scanString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i >= len(b) {
				return i, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return i, false
				}
				for _, h := range b[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return i, false
					}
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

// scanNumber checks the JSON number starting at b[i] and returns the index
// after it.
func scanNumber(b []byte, i int) (int, bool) {
	digits := func() bool {
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return i, false
		}
	}
	return i, true
}
