package multimarkets

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// This file is the SDK's one place for keeping secrets and personal data
// out of logs, errors and formatting:
//
//   - redactBody turns any body (request or answer, JSON, HTML, text, form)
//     into something safe to log or quote in an error;
//   - redactText scrubs free text (server messages, non-JSON answers);
//   - redact.Personal, redact.Phone and redact.Email mask one value;
//   - formatSafe makes every fmt verb of a type print its safe String.

const redacted = "[REDACTED]"

// utf8BOM is the byte-order mark some servers put before a JSON body.
var utf8BOM = []byte("\xef\xbb\xbf")

// maxTextRedact bounds the bytes of a non-JSON body that are scrubbed and
// quoted: an excerpt needs only the start.
const maxTextRedact = 1024

// maxNestedJSON bounds how deep redaction follows JSON held inside JSON
// strings; deeper strings are redacted whole.
const maxNestedJSON = 8

// redactBody returns a body for a log line or an error excerpt, whatever its
// shape: JSON is redacted by key and by value (redactValue); an HTML page
// (a proxy's error page) is summarised by its title, never quoted as markup;
// JSON too broken to parse is described by its size; anything else (plain
// text, a form-encoded body) is scrubbed with redactText. A leading UTF-8 BOM
// and surrounding spaces are ignored.
func redactBody(body []byte) string {
	t := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), utf8BOM))
	switch {
	case len(t) == 0:
		return ""
	case isHTML(t):
		return htmlSummary(t)
	}
	if s, ok := redactJSON(t, 0); ok {
		return s
	}
	if t[0] == '{' || t[0] == '[' || t[0] == '"' {
		return "[" + strconv.Itoa(len(body)) + " bytes, malformed JSON]"
	}
	if len(t) > maxTextRedact {
		t = t[:maxTextRedact]
	}
	return redactText(string(t))
}

// bodyExcerpt is the excerpt of an answer's body kept in a *ResponseError:
// the start of redactBody, at most 200 bytes.
func bodyExcerpt(b []byte) string { return excerpt([]byte(redactBody(b)), 200) }

// redactJSON decodes t as one JSON value and re-encodes it redacted; ok is
// false when t is not JSON.
func redactJSON(t []byte, depth int) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "", false
	}
	if _, err := dec.Token(); err == nil { // trailing data after the value
		return "", false
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(redactValue(v, depth)); err != nil {
		return redacted, true
	}
	return strings.TrimSuffix(out.String(), "\n"), true
}

// redactValue redacts a decoded JSON value in place: by key (keyClass) and,
// for strings under other keys, by value: e-mail addresses are masked,
// key=value pairs with a secret key are redacted, and a string that holds
// JSON is redacted as JSON.
func redactValue(v any, depth int) any {
	switch v := v.(type) {
	case map[string]any:
		sendToken := false
		for k := range v {
			if strings.EqualFold(k, "sendToken") {
				sendToken = true
			}
		}
		for k, x := range v {
			switch keyClass(k, sendToken) {
			case classSecret:
				v[k] = redacted
			case classPersonal:
				v[k] = maskPersonalValue(x)
			default:
				v[k] = redactValue(x, depth)
			}
		}
		return v
	case []any:
		for i := range v {
			v[i] = redactValue(v[i], depth)
		}
		return v
	case string:
		return redactString(v, depth)
	}
	return v
}

// redactString scrubs one JSON string under a key that is neither secret nor
// personal.
func redactString(s string, depth int) string {
	if t := strings.TrimSpace(s); t != "" && (t[0] == '{' || t[0] == '[') {
		if depth >= maxNestedJSON {
			return redacted
		}
		if r, ok := redactJSON([]byte(t), depth+1); ok {
			return r
		}
	}
	return scrubPairs(emailRE.ReplaceAllStringFunc(s, redact.Email))
}

// maskPersonalValue masks the value of a personal-data key: a string or
// number is masked (redact.Personal), an array element-wise, an object whole.
func maskPersonalValue(x any) any {
	switch x := x.(type) {
	case string:
		return redact.Personal(x)
	case json.Number:
		return redact.Personal(string(x))
	case []any:
		for i := range x {
			x[i] = maskPersonalValue(x[i])
		}
		return x
	case map[string]any:
		return redacted
	}
	return x // null, true, false
}

type class int

const (
	classNone class = iota
	classSecret
	classPersonal
)

// secretParts are substrings of (lower-cased) key names whose values are
// never shown: credentials, signatures and keys.
var secretParts = []string{"pwd", "password", "passwd", "token", "secret", "signature", "key", "codemd5", "cardno", "idcard", "passport"}

// personalParts are substrings of key names whose values are masked:
// contact details, names, addresses, bank and card numbers.
var personalParts = []string{"phone", "mobile", "mail", "card", "bank", "address", "touser", "loginname", "username", "realname", "nickname", "firstname", "lastname", "fullname"}

// codeWords are the words before "code" that make a key a verification
// code (verifyCode, smsCode, googleCode, …). Other codes (the envelope's
// code, currencyCode, productCode) are not secret.
var codeWords = map[string]bool{"verify": true, "verification": true, "sms": true, "google": true, "captcha": true,
	"otp": true, "auth": true, "valid": true, "validate": true, "email": true, "phone": true, "mobile": true, "check": true}

// keyClass says how a JSON key's value is logged. Keys are matched by
// classes of substrings of the lower-cased name (token, secret, password,
// key, phone, mobile, mail, card, bank, address, …) and by camelCase or
// snake_case words where a substring would catch harmless keys: "ip"
// (loginIp, not description), "sign" (sign, signStr, not design), "name"
// (userName, customer_name; not productName or symbolName) and "code"
// (verifyCode, smsCode, and code beside sendToken; not the envelope's
// code or currencyCode).
func keyClass(key string, sendToken bool) class {
	lk := strings.ToLower(key)
	if lk == "idno" || lk == "ip" {
		return classSecret
	}
	for _, p := range secretParts {
		if strings.Contains(lk, p) {
			return classSecret
		}
	}
	words := keyWords(key)
	for i, w := range words {
		switch {
		case w == "ip" || w == "sign" || (w == "id" && i+1 < len(words) && (words[i+1] == "no" || words[i+1] == "number")):
			return classSecret
		case w == "code" && ((i > 0 && codeWords[words[i-1]]) || (len(words) == 1 && sendToken)):
			return classSecret
		}
	}
	for _, p := range personalParts {
		if strings.Contains(lk, p) {
			return classPersonal
		}
	}
	if n := len(words); n > 0 && words[n-1] == "name" && (n == 1 || personNames[words[n-2]]) {
		return classPersonal
	}
	return classNone
}

// personNames are the words before "name" that make it a person's name.
var personNames = map[string]bool{"user": true, "customer": true, "real": true, "nick": true, "first": true, "last": true,
	"full": true, "login": true, "account": true, "holder": true, "contact": true, "member": true, "person": true, "family": true, "given": true}

// keyWords splits a key into lower-case words at camelCase humps, digits
// and separators: "loginIP" → login, ip; "bank_card_no" → bank, card, no.
func keyWords(key string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(key)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0 &&
			(unicode.IsLower(cur[len(cur)-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// longDigitsRE finds runs of 7 or more digits (phone, card and ID
	// numbers), allowing the separators people write in phone numbers.
	longDigitsRE = regexp.MustCompile(`\+?[0-9](?:[0-9 \-]{5,}[0-9])`)
	// opaqueRE finds long tokens: 20 or more letters, digits and token
	// punctuation (tokens, hashes, keys, UUIDs).
	opaqueRE = regexp.MustCompile(`[A-Za-z0-9_\-+/=.]{20,}`)
)

// scrubPairs redacts or masks the values of key=value and key: value pairs
// (also "key":"value") whose key is secret or personal. It reads s once,
// left to right: after a pair with another key it goes on right after the
// separator, so "https://h/p?token=…" still finds the token.
func scrubPairs(s string) string {
	if !strings.ContainsAny(s, ":=") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if !keyStart(s[i]) || (i > 0 && keyByte(s[i-1])) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && keyByte(s[j]) {
			j++
		}
		k := skipSep(s, j)
		if k < 0 { // a word, not a key
			b.WriteString(s[i:j])
			i = j
			continue
		}
		b.WriteString(s[i:k])
		cl := keyClass(s[i:j], false)
		if cl == classNone {
			i = k
			continue
		}
		v := k // the value is read only when it is replaced: linear
		for v < len(s) && valueByte(s[v]) {
			v++
		}
		if cl == classSecret {
			b.WriteString(redacted)
		} else {
			b.WriteString(redact.Personal(s[k:v]))
		}
		i = v
	}
	return b.String()
}

// skipSep returns the index after a separator at s[j:] (optional quote,
// spaces, ':' or '=', spaces, optional quote), or -1 when there is none.
func skipSep(s string, j int) int {
	if j < len(s) && s[j] == '"' {
		j++
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j >= len(s) || (s[j] != ':' && s[j] != '=') {
		return -1
	}
	j++
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j < len(s) && s[j] == '"' {
		j++
	}
	return j
}

func keyStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func keyByte(c byte) bool {
	return keyStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'
}

// valueByte reports whether c continues a value: anything but spaces,
// quotes and the delimiters of query strings, lists and markup.
func valueByte(c byte) bool {
	return c > ' ' && !strings.ContainsRune(`"'&,;<>(){}[]`, rune(c))
}

// redactText scrubs free text from a server (a non-JSON answer, a message):
// a form-encoded body is redacted by key; in any text, key=value pairs with
// a secret or personal key, e-mail addresses, runs of 7 or more digits and
// opaque tokens of 20 or more characters are redacted or masked.
func redactText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if f, ok := redactForm(s); ok {
		return f
	}
	s = scrubPairs(s)
	s = emailRE.ReplaceAllStringFunc(s, redact.Email)
	s = opaqueRE.ReplaceAllStringFunc(s, func(m string) string {
		if m == redacted || strings.Trim(m, "0123456789.-+") == "" || !hasLetterAndDigit(m) {
			return m
		}
		return redacted
	})
	return longDigitsRE.ReplaceAllStringFunc(s, func(m string) string {
		if countDigits(m) < 7 {
			return m
		}
		return redact.Phone(m)
	})
}

// redactForm redacts an application/x-www-form-urlencoded body
// ("appId=…&appSecret=…&token=…") by key; ok is false for other text.
func redactForm(s string) (string, bool) {
	if strings.ContainsAny(s, " \t\r\n") || !strings.Contains(s, "=") {
		return "", false
	}
	vals, err := url.ParseQuery(s)
	if err != nil || len(vals) == 0 {
		return "", false
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	var b strings.Builder
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		for j, v := range vals[k] {
			if j > 0 {
				b.WriteByte('&')
			}
			switch keyClass(k, false) {
			case classSecret:
				v = redacted
			case classPersonal:
				v = redact.Personal(v)
			default:
				v = redactString(v, 0)
			}
			b.WriteString(k + "=" + v)
		}
	}
	return b.String(), true
}

func hasLetterAndDigit(s string) bool {
	letter, digit := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter = letter || (c|0x20 >= 'a' && c|0x20 <= 'z')
		digit = digit || (c >= '0' && c <= '9')
	}
	return letter && digit
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// isHTML reports whether an answer is an HTML page.
func isHTML(t []byte) bool {
	if t[0] == '<' {
		return true
	}
	head := t
	if len(head) > 512 {
		head = head[:512]
	}
	lh := bytes.ToLower(head)
	return bytes.Contains(lh, []byte("<html")) || bytes.Contains(lh, []byte("<!doctype"))
}

// htmlSummary describes an HTML page by its title (or, without one, its
// first h1 heading), scrubbed, never by its markup:
// "HTML page titled: 502 Bad Gateway".
func htmlSummary(t []byte) string {
	if len(t) > 64<<10 {
		t = t[:64<<10]
	}
	for _, tag := range []string{"title", "h1"} {
		if text := elementText(t, tag); text != "" {
			return "HTML page titled: " + excerpt([]byte(redactText(text)), 100)
		}
	}
	return "HTML page without a title"
}

// elementText returns the text of the first <tag> element of an HTML page,
// markup removed and spaces collapsed.
func elementText(page []byte, tag string) string {
	lp := bytes.ToLower(page)
	i := bytes.Index(lp, []byte("<"+tag))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(lp[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := bytes.Index(lp[start:], []byte("</"+tag))
	if end < 0 {
		end = len(lp) - start
	}
	inner := tagRE.ReplaceAllString(string(page[start:start+end]), " ")
	return strings.Join(strings.Fields(html.UnescapeString(inner)), " ")
}

var tagRE = regexp.MustCompile(`<[^>]*>?`)

// identRE matches what identifiers from the server look like: error codes
// (USCUSTOMER_API_0000106, FS400, "500") and traces (UUIDs, x-…-r2).
var identRE = regexp.MustCompile(`^[A-Za-z0-9_.:\-]{1,128}$`)

// safeIdent returns an identifier the server sent (an error code, a trace)
// for an error or a log line: as is when it looks like one, otherwise
// quoted, scrubbed and cut short, so a hostile value can neither carry a
// secret nor break the line.
func safeIdent(s string) string {
	if s == "" || identRE.MatchString(s) {
		return s
	}
	return strconv.Quote(excerpt([]byte(redactText(s)), 64))
}

// excerpt returns at most n bytes of b as printable, valid UTF-8.
func excerpt(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			sb.WriteRune('?')
		case r < 0x20 || r == 0x7f:
			sb.WriteRune(' ')
		default:
			sb.WriteRune(r)
		}
	}
	return strings.TrimSpace(sb.String())
}
