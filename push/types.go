package push

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
)

// Bool is a flag that the server may send as true/false, as 0/1 or as the
// strings "true"/"false"/"0"/"1". null decodes to false.
type Bool bool

// UnmarshalJSON accepts JSON booleans, 0/1 and their string forms.
func (v *Bool) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b, "Bool")
	if err != nil {
		return err
	}
	switch s {
	case "", "false", "0":
		*v = false
	case "true", "1":
		*v = true
	default:
		return fmt.Errorf("push: cannot decode %.40q as Bool", s)
	}
	return nil
}

// scalarText returns the text of a JSON string (unquoted), number or
// boolean; null gives "". Objects and arrays are an error.
func scalarText(b []byte, what string) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "", nil
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			return "", nil
		}
	case '"':
		if s, ok := jsonscan.PlainString(b); ok {
			return s, nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	case 't', 'f':
		if string(b) == "true" || string(b) == "false" {
			return string(b), nil
		}
	default:
		if isJSONNumber(string(b)) {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("push: cannot decode %.40q as %s", b, what)
}

func isJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[i] == '-' {
		i++
	}
	if i == len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}
