package specserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The parts of an OpenAPI 3.0 document the server reads. Anything else in
// the file (summaries, tags, descriptions, security) is ignored.
type document struct {
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		Schemas map[string]*schema `yaml:"schemas"`
	} `yaml:"components"`
}

type specOperation struct {
	Parameters  []parameter         `yaml:"parameters"`
	RequestBody *mediaHolder        `yaml:"requestBody"`
	Responses   map[string]response `yaml:"responses"`
}

type parameter struct {
	Name     string  `yaml:"name"`
	In       string  `yaml:"in"`
	Required bool    `yaml:"required"`
	Schema   *schema `yaml:"schema"`
}

type mediaHolder struct {
	Content map[string]mediaType `yaml:"content"`
}

type response = mediaHolder

type mediaType struct {
	Schema  *schema `yaml:"schema"`
	Example any     `yaml:"example"`
}

// schema is the subset of an OpenAPI 3.0 Schema Object the checks use.
type schema struct {
	Ref         string             `yaml:"$ref"`
	Type        string             `yaml:"type"`
	Description string             `yaml:"description"`
	Nullable    bool               `yaml:"nullable"`
	Properties  map[string]*schema `yaml:"properties"`
	Items       *schema            `yaml:"items"`
	Required    yaml.Node          `yaml:"required"`

	required []string // Required, when it is a list of names
}

// httpMethods are the operation keys of an OpenAPI path item.
var httpMethods = map[string]string{
	"get": http.MethodGet, "put": http.MethodPut, "post": http.MethodPost, "delete": http.MethodDelete,
	"options": http.MethodOptions, "head": http.MethodHead, "patch": http.MethodPatch, "trace": http.MethodTrace,
}

// operation is one parsed operation of the spec.
type operation struct {
	name   string // the spec path without its leading "/"
	method string // GET, POST, …

	headers []parameter // header parameters
	queries []parameter // query parameters
	body    *schema     // the application/json request body schema, or nil
	// bodyNulls are the field paths (generic form, "a.b[].c") the
	// request example sends as null.
	bodyNulls map[string]bool

	answer       any     // the 200 application/json example, or nil
	answerSchema *schema // the 200 application/json schema, or nil
	marketStyle  bool    // the 200 answer is the {ret,msg,trace,data} envelope
	tokenHeader  bool    // the operation declares a token header
}

// parseSpec reads the operations of an OpenAPI 3.0 YAML document.
func parseSpec(specYAML []byte) (map[string]*operation, error) {
	var doc document
	if err := yaml.Unmarshal(specYAML, &doc); err != nil {
		return nil, fmt.Errorf("specserver: parse spec: %w", err)
	}
	if len(doc.Paths) == 0 {
		return nil, fmt.Errorf("specserver: the spec has no paths")
	}
	r := &resolver{components: doc.Components.Schemas}
	ops := make(map[string]*operation)
	for path, item := range doc.Paths {
		if !strings.HasPrefix(path, "/") {
			return nil, fmt.Errorf("specserver: path %q does not start with /", path)
		}
		name := strings.TrimPrefix(path, "/")
		keys := make([]string, 0, len(item))
		for k := range item {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, key := range keys {
			method, ok := httpMethods[strings.ToLower(key)]
			if !ok {
				continue // path-level parameters, summary, …
			}
			if _, dup := ops[name]; dup {
				return nil, fmt.Errorf("specserver: path %q has more than one operation; the server supports one per path", path)
			}
			node := item[key]
			var so specOperation
			if err := node.Decode(&so); err != nil {
				return nil, fmt.Errorf("specserver: %s %s: %w", key, path, err)
			}
			op, err := r.operation(name, method, &so)
			if err != nil {
				return nil, fmt.Errorf("specserver: %s %s: %w", key, path, err)
			}
			ops[name] = op
		}
	}
	return ops, nil
}

// resolver resolves "#/components/schemas/…" references.
type resolver struct {
	components map[string]*schema
	resolving  map[*schema]bool
}

func (r *resolver) operation(name, method string, so *specOperation) (*operation, error) {
	op := &operation{name: name, method: method}
	for _, p := range so.Parameters {
		switch strings.ToLower(p.In) {
		case "header":
			op.headers = append(op.headers, p)
			if strings.EqualFold(p.Name, "token") {
				op.tokenHeader = true
			}
		case "query":
			op.queries = append(op.queries, p)
		default:
			return nil, fmt.Errorf("parameter %q in %q is not supported", p.Name, p.In)
		}
	}
	if so.RequestBody != nil {
		if mt, ok := so.RequestBody.Content["application/json"]; ok && mt.Schema != nil {
			s, err := r.resolve(mt.Schema)
			if err != nil {
				return nil, fmt.Errorf("request body: %w", err)
			}
			op.body = s
			op.bodyNulls = make(map[string]bool)
			collectNulls(mt.Example, "", op.bodyNulls)
		}
	}
	if resp, ok := so.Responses["200"]; ok {
		if mt, ok := resp.Content["application/json"]; ok {
			ex, err := jsonable(exampleJSON(mt.Example))
			if err != nil {
				return nil, fmt.Errorf("200 response example: %w", err)
			}
			op.answer = ex
			if mt.Schema != nil {
				s, err := r.resolve(mt.Schema)
				if err != nil {
					return nil, fmt.Errorf("200 response: %w", err)
				}
				op.answerSchema = s
				_, op.marketStyle = s.Properties["ret"]
			}
		}
	}
	return op, nil
}

// resolve replaces every $ref in s (recursively) by the schema it names,
// in place, and reads the required lists.
func (r *resolver) resolve(s *schema) (*schema, error) {
	if s == nil {
		return nil, nil
	}
	if r.resolving == nil {
		r.resolving = make(map[*schema]bool)
	}
	if s.Ref != "" {
		const prefix = "#/components/schemas/"
		if !strings.HasPrefix(s.Ref, prefix) {
			return nil, fmt.Errorf("reference %q is not supported", s.Ref)
		}
		target, ok := r.components[strings.TrimPrefix(s.Ref, prefix)]
		if !ok || target == nil {
			return nil, fmt.Errorf("reference %q names no schema", s.Ref)
		}
		return r.resolve(target)
	}
	if r.resolving[s] {
		return s, nil // a recursive schema: already being resolved
	}
	r.resolving[s] = true
	if s.Required.Kind == yaml.SequenceNode {
		s.required = nil
		if err := s.Required.Decode(&s.required); err != nil {
			return nil, fmt.Errorf("required: %w", err)
		}
	}
	for name, p := range s.Properties {
		rp, err := r.resolve(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		s.Properties[name] = rp
	}
	items, err := r.resolve(s.Items)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	s.Items = items
	return s, nil
}

// collectNulls records the generic paths ("a.b[].c") at which an example
// holds null.
func collectNulls(v any, path string, into map[string]bool) {
	switch x := v.(type) {
	case nil:
		if path != "" {
			into[path] = true
		}
	case map[string]any:
		for k, e := range x {
			collectNulls(e, join(path, k), into)
		}
	case []any:
		for _, e := range x {
			collectNulls(e, path+"[]", into)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonable turns a YAML-decoded value into one encoding/json can write:
// maps with non-string keys get string keys.
func jsonable(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			j, err := jsonable(e)
			if err != nil {
				return nil, err
			}
			out[k] = j
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			j, err := jsonable(e)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(k)] = j
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			j, err := jsonable(e)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return out, nil
	}
	if _, err := json.Marshal(v); err != nil {
		return nil, err
	}
	return v, nil
}

// exampleJSON returns an example as a value. An example written as a
// string of prose followed by a JSON object (queryAccountList: "Balance is
// used in the balance field\n{…}") is the JSON object; any other example
// is itself.
func exampleJSON(ex any) any {
	str, ok := ex.(string)
	if !ok {
		return ex
	}
	i := strings.Index(str, "{")
	if i < 0 {
		return ex
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(str[i:]), &v); err != nil {
		return ex
	}
	return v
}

// isMap reports whether an object schema describes a map whose keys are
// data: its description starts "key:" (getExchangeRate's currencyMap,
// "key: source currency value: exchange currency"). Its declared
// properties are then examples of keys, not a fixed set.
func (s *schema) isMap() bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s.Description)), "key:")
}
