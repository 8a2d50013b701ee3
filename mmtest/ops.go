package mmtest

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// opSpec is one operation the fake serves, with the checks the spec lists.
type opSpec struct {
	name    string   // bizType, or path for market data
	path    string   // path below /openapi-b
	headers []string // headers the spec marks required (besides trace)
	token   bool     // a valid token is required
	plain   bool     // never encrypted (authorization)
	market  bool     // GET market data with token and query parameters
	missing string   // code for a missing required body field
	handle  func(s *Server, r *request) (any, *apiError)
}

// operations maps a request path to its operation. Each area's file adds
// its operations in init.
var operations = map[string]*opSpec{}

func addOp(op *opSpec) {
	if op.path == "" {
		op.path = op.name
	}
	if op.missing == "" {
		op.missing = "GGATEWAY_CODE_015"
	}
	if _, dup := operations[op.path]; dup {
		panic("mmtest: operation registered twice: " + op.path)
	}
	operations[op.path] = op
}

// Operations returns the bizTypes (and market paths) the fake serves.
func Operations() []string {
	out := make([]string, 0, len(operations))
	for _, op := range operations {
		out = append(out, op.name)
	}
	return out
}

// Field readers. They are strict about JSON types: a field the spec types
// as string must be a JSON string, an integer an integral JSON number. A
// Java server would often coerce; being strict catches encoding mistakes
// without ever accepting what the real server refuses.

func (r *request) has(name string) bool {
	v, ok := r.body[name]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

func (r *request) missingErr() *apiError { return errCode(r.op.missing) }

// str reads a string field; a required field must be present (it may be "").
func (r *request) str(name string, required bool) (string, *apiError) {
	if !r.has(name) {
		if required {
			return "", r.missingErr()
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(r.body[name], &s); err != nil {
		return "", errCode("GGATEWAY_CODE_015")
	}
	return s, nil
}

// integer reads an integral number field.
func (r *request) integer(name string, required bool) (int64, bool, *apiError) {
	if !r.has(name) {
		if required {
			return 0, false, r.missingErr()
		}
		return 0, false, nil
	}
	raw := bytes.TrimSpace(r.body[name])
	if len(raw) == 0 || raw[0] == '"' {
		return 0, false, errCode("GGATEWAY_CODE_015")
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, false, errCode("GGATEWAY_CODE_015")
	}
	return n, true, nil
}

// number reads a JSON number field (integral or decimal) as its text.
func (r *request) number(name string, required bool) (string, bool, *apiError) {
	if !r.has(name) {
		if required {
			return "", false, r.missingErr()
		}
		return "", false, nil
	}
	raw := bytes.TrimSpace(r.body[name])
	var n json.Number
	if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &n) != nil {
		return "", false, errCode("GGATEWAY_CODE_015")
	}
	return n.String(), true, nil
}

// decode reads a field into v (objects and arrays).
func (r *request) decode(name string, v any) *apiError {
	if !r.has(name) {
		return nil
	}
	if err := json.Unmarshal(r.body[name], v); err != nil {
		return errCode("GGATEWAY_CODE_015")
	}
	return nil
}
