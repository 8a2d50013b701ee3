// Command errorcodes generates errorcodes.go, the typed list of every error
// code the vendor's material documents, from the copies of that material in
// testdata/spec:
//
//  1. manager-api_access_error-code.md, the Manager API's error page (a
//     Java properties block inside Markdown), read strictly: every line is
//     KEY=message and no code is listed twice;
//  2. client-api_access_error-code.md, the client API's error page, read
//     tolerantly because its text is damaged: spaces inside a key are
//     removed when the result has the shape of a code
//     ("GGATEWAY_ CODE_012" is GGATEWAY_CODE_012), lines whose key is
//     unreadable are skipped, and the first listing of a code wins;
//  3. client-api_login_captcha.md: the JSON answers it quotes (F999999);
//  4. the examples of manager-api.openapi.yaml and client-api.openapi.yaml:
//     every object with a code and a msg (code "0" is success; objects
//     whose bizCode is a number are the export tool's placeholders and are
//     skipped), and CODE=message pairs in descriptions.
//
// A code keeps the message of the first source that lists it. Run it
// through `go generate` at the module root; TestErrorCodesUpToDate fails
// when the generated file drifts, and CI checks the same.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var keyRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*)=(.*)$`)

// codeShape is what a code looks like: words joined by "_" ending in digits
// (USCUSTOMER_API_0000106, GGATEWAY_CODE_201), letters then digits (G500,
// F999999, E00003), upper-case words (P_VERIFY_CODE_ERROR), or digits
// ("500", "300").
var codeShape = regexp.MustCompile(`^([A-Z]+(_[A-Z]+)*_[0-9]+|[A-Z]+[0-9]+|[A-Z]+(_[A-Z]+)+|[0-9]+)$`)

// Source files, in order of precedence, relative to the -spec directory.
const (
	managerPage  = "manager-api_access_error-code.md"
	clientPage   = "client-api_access_error-code.md"
	captchaPage  = "client-api_login_captcha.md"
	managerSpec  = "manager-api.openapi.yaml"
	clientSpec   = "client-api.openapi.yaml"
	managerLabel = "" // the Manager API page: no label, as before
)

type entry struct{ code, msg, source string }

func main() {
	spec := flag.String("spec", "testdata/spec", "directory holding the vendor's pages and OpenAPI files")
	out := flag.String("out", "errorcodes.go", "Go file to write")
	flag.Parse()
	entries, err := Collect(*spec)
	if err != nil {
		log.Fatal(err)
	}
	code, err := Render(entries)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatal(err)
	}
}

// Collect reads every source in dir and returns the codes in order: the
// Manager page's first, then each new code where it first appears.
func Collect(dir string) ([]entry, error) {
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
	var all []entry
	seen := map[string]bool{}
	add := func(es []entry) {
		for _, e := range es {
			if !seen[e.code] {
				seen[e.code] = true
				all = append(all, e)
			}
		}
	}
	src, err := read(managerPage)
	if err != nil {
		return nil, err
	}
	es, err := Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", managerPage, err)
	}
	add(es)
	if src, err = read(clientPage); err != nil {
		return nil, err
	}
	add(ParseDamaged(src, "client API error page"))
	if src, err = read(captchaPage); err != nil {
		return nil, err
	}
	add(ParseQuoted(src, "client API captcha page"))
	for _, f := range []struct{ name, label string }{{managerSpec, "Manager API OpenAPI examples"}, {clientSpec, "client API OpenAPI examples"}} {
		if src, err = read(f.name); err != nil {
			return nil, err
		}
		es, err := ParseOpenAPI(src, f.label)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		add(es)
	}
	return all, nil
}

// Parse reads KEY=message lines of the Manager page's properties block. A
// trailing backslash continues nothing in this file (it is a typo in one
// message) and is dropped; \uXXXX escapes are decoded as Java properties
// files define them. A code listed twice is an error.
func Parse(src []byte) ([]entry, error) {
	var out []entry
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		code, msg := m[1], strings.TrimSpace(strings.TrimSuffix(m[2], `\`))
		msg = unescape(msg)
		if seen[code] {
			return nil, fmt.Errorf("code %s listed twice", code)
		}
		seen[code] = true
		out = append(out, entry{code, msg, managerLabel})
	}
	return out, sc.Err()
}

// ParseDamaged reads KEY=message lines of a page whose keys may contain
// stray spaces and whose lines may be merged: a key is kept when, without
// its spaces, it has the shape of a code; the first listing wins.
func ParseDamaged(src []byte, label string) []entry {
	var out []entry
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		key, msg, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		code := strings.ReplaceAll(key, " ", "")
		if !codeShape.MatchString(code) || seen[code] {
			continue
		}
		seen[code] = true
		out = append(out, entry{code, unescape(strings.TrimSpace(strings.TrimSuffix(msg, `\`))), label})
	}
	return out
}

var quotedJSON = regexp.MustCompile(`\{[^{}]*"code"[^{}]*\}`)

// ParseQuoted finds the JSON answers {"msg":…,"code":…} quoted in a page.
func ParseQuoted(src []byte, label string) []entry {
	var out []entry
	for _, m := range quotedJSON.FindAll(src, -1) {
		var v struct{ Code, Msg string }
		if json.Unmarshal(m, &v) == nil && v.Code != "0" && codeShape.MatchString(v.Code) {
			out = append(out, entry{v.Code, strings.TrimSpace(v.Msg), label})
		}
	}
	return out
}

var describedCode = regexp.MustCompile(`\b((?:[A-Z]+_)+[0-9]{3,})=([^,\n]+)`)

// ParseOpenAPI collects the error answers of an OpenAPI file's examples
// and the CODE=message pairs of its descriptions, in document order.
func ParseOpenAPI(src []byte, label string) ([]entry, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var out []entry
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			fields := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				fields[n.Content[i].Value] = n.Content[i+1]
				if k := n.Content[i].Value; k == "description" && n.Content[i+1].Kind == yaml.ScalarNode {
					for _, m := range describedCode.FindAllStringSubmatch(n.Content[i+1].Value, -1) {
						out = append(out, entry{m[1], strings.TrimSpace(m[2]), label})
					}
				}
			}
			code, msg := fields["code"], fields["msg"]
			if code != nil && msg != nil && code.Kind == yaml.ScalarNode && msg.Kind == yaml.ScalarNode &&
				code.Value != "0" && codeShape.MatchString(code.Value) && !placeholder(fields["bizCode"]) {
				out = append(out, entry{code.Value, strings.TrimSpace(msg.Value), label})
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out, nil
}

// placeholder reports whether an example's bizCode is a number: the export
// tool fills examples it has no data for with numbers and Latin filler
// ({"code":"99","msg":"pariatur","bizCode":"8"}); real module codes are
// letters ("US", "CFD", "PASS_TO_CREDIT").
func placeholder(bizCode *yaml.Node) bool {
	if bizCode == nil || bizCode.Kind != yaml.ScalarNode || bizCode.Value == "" {
		return false
	}
	_, err := strconv.Atoi(bizCode.Value)
	return err == nil
}

var uescape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

func unescape(s string) string {
	s = uescape.ReplaceAllStringFunc(s, func(u string) string {
		r, _ := strconv.ParseUint(u[2:], 16, 32)
		return string(rune(r))
	})
	return strings.ReplaceAll(s, `\n`, "\n")
}

// Render writes the Go source of errorcodes.go.
func Render(entries []entry) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/gen/errorcodes from the vendor's error pages and OpenAPI examples in testdata/spec; DO NOT EDIT.\n\n")
	b.WriteString("package multimarkets\n\n")
	b.WriteString("// Every error code the vendor's material documents: the Manager API's\n")
	b.WriteString("// error page, then codes found only in the client API's error page, its\n")
	b.WriteString("// captcha page or the OpenAPI examples (their source is named). Each\n")
	b.WriteString("// constant is named Code + the code exactly as the server sends it, so a\n")
	b.WriteString("// code seen in a log can be found by searching for it. Test for one with\n")
	b.WriteString("// IsCode:\n")
	b.WriteString("//\n//\tmultimarkets.IsCode(err, multimarkets.CodeUSCUSTOMER_API_0000106)\n")
	b.WriteString("const (\n")
	for _, e := range entries {
		src := ""
		if e.source != "" {
			src = " (" + e.source + ")"
		}
		fmt.Fprintf(&b, "\t// Code%s means %q%s.\n", e.code, oneLine(e.msg), src)
		fmt.Fprintf(&b, "\tCode%s ErrorCode = %q\n", e.code, e.code)
	}
	b.WriteString(")\n\n")
	b.WriteString("// documentedMessages maps each documented code to the vendor's English message.\n")
	b.WriteString("var documentedMessages = map[ErrorCode]string{\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "\tCode%s: %q,\n", e.code, e.msg)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if s == "" {
		return "(no message documented)"
	}
	return s
}
