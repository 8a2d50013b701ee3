// Package jsonscan reads JSON in one pass over its bytes, without
// encoding/json's per-byte state machine and reflection: Valid checks a
// document exactly as json.Valid does, WalkObject and SkipValue find the
// members and values of a document Valid accepted, PlainString reads a
// string that decodes to its own bytes. The SDK's hot decoders (the REST
// envelope, pushed messages) use it for the common case and leave anything
// out of the ordinary to encoding/json, which stays the reference; their
// tests and fuzzers compare both.
package jsonscan

import (
	"bytes"
	"unicode/utf8"
)

// PlainString returns the text of a JSON string without escapes whose
// bytes are valid UTF-8 (what encoding/json would return unchanged).
func PlainString(b []byte) (string, bool) {
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

// WalkObject calls f with the name of each member of the JSON object
// starting at b[i] (b must be valid JSON) and the index of its value; f
// returns the index after the value, or -1 to stop. WalkObject returns the
// index after the object; -1 if a member name is not plain ASCII without
// escapes (the caller then leaves the object to encoding/json) or f
// stopped.
func WalkObject(b []byte, i int, f func(name []byte, value int) int) int {
	i = SkipSpace(b, i+1)
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
		i = SkipSpace(b, i+1)
		if i >= len(b) || b[i] != ':' {
			return -1
		}
		end := f(name, SkipSpace(b, i+1))
		if end < 0 {
			return -1
		}
		i = SkipSpace(b, end)
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = SkipSpace(b, i+1)
		case '}':
			return i + 1
		default:
			return -1
		}
	}
	return -1
}

// SkipValue returns the index after the JSON value starting at b[i] (b must
// be valid JSON).
func SkipValue(b []byte, i int) int {
	end, _ := SkipValueDepth(b, i)
	return end
}

// SkipValueDepth is SkipValue that also returns how deeply the value nests
// (0 for a scalar, 1 for [1], 2 for [[1]]). On input that is not valid
// JSON it still returns an index in [i, len(b)], which the caller must not
// trust before the value is checked.
func SkipValueDepth(b []byte, i int) (end, maxDepth int) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i + 1, maxDepth
			}
		case '{', '[':
			depth++
			maxDepth = max(maxDepth, depth)
		case '}', ']':
			if depth == 0 {
				return i, maxDepth
			}
			depth--
			if depth == 0 {
				return i + 1, maxDepth
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i, maxDepth
			}
		}
	}
	return len(b), maxDepth
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

// SkipSpace returns the index of the first byte at or after b[i] that is
// not JSON whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// MaxDepth is encoding/json's nesting limit: deeper input is invalid.
const MaxDepth = 10000

// Valid reports whether b is one valid JSON value with optional
// surrounding whitespace, exactly as json.Valid does (FuzzValidJSON
// compares them), in one pass without encoding/json's per-byte state
// machine. spaced is false if b has no whitespace between its tokens, i.e.
// every part of it is already compact. Like json.Valid it accepts any
// bytes from 0x20 in strings, including invalid UTF-8.
func Valid(b []byte) (valid, spaced bool) {
	var st [64]byte
	stack := st[:0] // the open containers, '{' or '['
	ws := func(i int) int {
		j := SkipSpace(b, i)
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
			if len(stack)+1 > MaxDepth {
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
