package push

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Int is an integer field (digits, versions, counts, numeric IDs used as
// plain numbers) that the server may send as a JSON number, as a numeric
// JSON string ("1") or as an integral decimal (36.0). null decodes to 0.
type Int int64

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (n *Int) UnmarshalJSON(b []byte) error {
	v, err := intJSON(b, "Int")
	*n = Int(v)
	return err
}

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

// intJSON decodes an integer sent as a number, a numeric string or an
// integral decimal such as 36.0.
func intJSON(b []byte, what string) (int64, error) {
	s, err := scalarText(b, what)
	if err != nil || s == "" {
		return 0, err
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) && f < 1<<62 && f > -(1<<62) {
		return int64(f), nil
	}
	return 0, fmt.Errorf("push: cannot decode %.40q as %s", s, what)
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
