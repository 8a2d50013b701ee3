package specserver

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// checker collects the violations of one request.
type checker struct {
	op    *operation
	found []Violation
}

func (c *checker) add(field, rule string, args ...any) {
	c.found = append(c.found, Violation{Operation: c.op.name, Field: field, Rule: fmt.Sprintf(rule, args...)})
}

// value checks a decoded JSON value (numbers as json.Number) against s.
// field is the concrete path for the report ("body.items[2].code"), generic
// the path with array indexes dropped ("items[].code"), matched against
// the nulls of the spec's example.
func (c *checker) value(v any, s *schema, field, generic string) {
	if s == nil {
		return
	}
	if v == nil {
		if !nullable(s) {
			c.add(field, "null where the spec declares %s", describe(s))
		}
		return
	}
	typ := s.Type
	if typ == "" && s.Properties != nil {
		typ = "object"
	}
	switch typ {
	case "":
		// No type declared: anything goes.
	case "string":
		if _, ok := v.(string); !ok {
			c.add(field, "JSON %s where the spec declares string", jsonKind(v))
		}
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			c.add(field, "JSON %s where the spec declares integer", jsonKind(v))
		} else if strings.ContainsAny(string(n), ".eE") {
			c.add(field, "number %s has a fraction or exponent where the spec declares integer", n)
		}
	case "number":
		if _, ok := v.(json.Number); !ok {
			c.add(field, "JSON %s where the spec declares number", jsonKind(v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.add(field, "JSON %s where the spec declares boolean", jsonKind(v))
		}
	case "null":
		c.add(field, "JSON %s where the spec declares null", jsonKind(v))
	case "array":
		a, ok := v.([]any)
		if !ok {
			c.add(field, "JSON %s where the spec declares array", jsonKind(v))
			return
		}
		for i, e := range a {
			c.value(e, s.Items, fmt.Sprintf("%s[%d]", field, i), generic+"[]")
		}
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			c.add(field, "JSON %s where the spec declares object", jsonKind(v))
			return
		}
		c.object(m, s, field, generic)
	default:
		c.add(field, "the spec declares the unknown type %q", typ)
	}
}

// object checks the required and the declared properties of an object.
// Unknown properties are allowed.
func (c *checker) object(m map[string]any, s *schema, field, generic string) {
	if s.isMap() {
		c.mapObject(m, s, field, generic)
		return
	}
	for _, name := range s.required {
		v, present := m[name]
		switch {
		case !present:
			c.add(join(field, name), "required property missing")
		case v == nil && !nullable(s.Properties[name]) && !c.op.bodyNulls[join(generic, name)]:
			c.add(join(field, name), "required property is null (the spec neither declares it nullable nor sends null in its example)")
		}
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ps, declared := s.Properties[name]
		if !declared {
			continue
		}
		v := m[name]
		if v == nil {
			// null on an optional property means "absent"; on a required
			// one the loop above judged it.
			continue
		}
		c.value(v, ps, join(field, name), join(generic, name))
	}
}

// mapObject checks an object the spec describes as a map: no key is
// required, and every value must have the type the declared (example)
// properties share, when they share one.
func (c *checker) mapObject(m map[string]any, s *schema, field, generic string) {
	var value *schema
	for _, p := range s.Properties {
		if value != nil && (p == nil || p.Type != value.Type) {
			return // the examples disagree: nothing to check
		}
		value = p
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c.value(m[name], value, join(field, name), join(generic, name))
	}
}

// nullable reports whether s accepts JSON null: nullable: true, or type 'null'.
func nullable(s *schema) bool {
	return s == nil || s.Nullable || s.Type == "null"
}

func describe(s *schema) string {
	if s.Type == "" {
		return "a value"
	}
	return s.Type
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return "number " + string(x)
		}
		return "integer " + string(x)
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// decodeJSON decodes one JSON value with numbers kept as json.Number.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}
