// Package mmcrypto implements MultiMarkets' request signing and RSA body
// encryption as documented in manager-api_access_sign.md and the vendor's
// Java demo:
//
//  1. the millisecond timestamp T goes into the body as "timestamp";
//  2. A = the body's entries except "signature" whose value is a non-empty
//     string or a number, sorted by key (byte order), as key=value joined
//     by "&" (booleans, null, objects and arrays are not signed); the
//     server prints each value with String.valueOf of what its JSON reader
//     made of it, so a number is written as that Reader prints it;
//  3. C = "timestamp=" + T + "&" + A;
//  4. signature = upper-case hex MD5 of C, added to the body;
//  5. E = the body as JSON, form-URL-encoded;
//  6. E is cut into pieces of at most 100 characters, each encrypted with
//     RSA PKCS#1 v1.5 under the company's public key and base64-encoded
//     (standard alphabet), joined with ",".
package mmcrypto

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
)

// PieceLen is the documented maximum length of one plaintext piece.
const PieceLen = 100

// SigningString returns C for the JSON object body and timestamp ts, with
// numbers printed as the server's reader r prints them. The body's own
// "timestamp" entry, if present, is signed like any other entry.
func SigningString(body []byte, ts int64, r Reader) (string, error) {
	fields, err := objectFields(body)
	if err != nil {
		return "", err
	}
	return signingString(fields, ts, r)
}

// signingString is SigningString for a body already read into fields.
func signingString(fields map[string]json.RawMessage, ts int64, r Reader) (string, error) {
	keys := make([]string, 0, len(fields))
	n := len("timestamp=") + 20
	for k, v := range fields {
		if k != "signature" {
			keys = append(keys, k)
			n += len(k) + len(v) + 2
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n)
	b.WriteString("timestamp=")
	b.WriteString(strconv.FormatInt(ts, 10))
	for _, k := range keys {
		v, ok, err := signedValue(fields[k], r)
		if err != nil {
			return "", fmt.Errorf("mmcrypto: field %q: %w", k, err)
		}
		if !ok {
			continue
		}
		b.WriteByte('&')
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v)
	}
	return b.String(), nil
}

// Signature returns the upper-case hex MD5 of s.
func Signature(s string) string {
	sum := md5.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// Sign adds "timestamp": ts and the "signature" to the JSON object body and
// returns the new body as JSON (keys sorted) and the signature, which a
// server whose JSON reader is r verifies. Numbers are sent as written in
// body: write them with PlainNumbers first so that both readers agree
// whenever they can.
func Sign(body []byte, ts int64, r Reader) ([]byte, string, error) {
	fields, err := objectFields(body)
	if err != nil {
		return nil, "", err
	}
	fields["timestamp"] = json.RawMessage(strconv.FormatInt(ts, 10))
	delete(fields, "signature")
	// The signing string is made from the fields read once: what the
	// server reads back from the body sent (the same keys and values;
	// json.Marshal only re-escapes them).
	c, err := signingString(fields, ts, r)
	if err != nil {
		return nil, "", err
	}
	sig := Signature(c)
	fields["signature"] = json.RawMessage(`"` + sig + `"`) // upper-case hex: nothing to escape
	return marshalFields(fields, len(body)+len(sig)+48), sig, nil
}

// marshalFields writes fields as json.Marshal writes a
// map[string]json.RawMessage (keys sorted, values compacted, <, >, &,
// U+2028 and U+2029 escaped), without its reflection. size is a guess of
// the output's length.
func marshalFields(fields map[string]json.RawMessage, size int) []byte {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]byte, 0, size)
	out = append(out, '{')
	for i, k := range keys {
		if i > 0 {
			out = append(out, ',')
		}
		if plainKey(k) {
			out = append(out, '"')
			out = append(out, k...)
			out = append(out, '"')
		} else {
			q, _ := json.Marshal(k) // a string always encodes
			out = append(out, q...)
		}
		out = append(out, ':')
		out = appendCompactValue(out, fields[k])
	}
	return append(out, '}')
}

// plainKey reports whether k encodes as itself in quotes: ASCII letters,
// digits, '_' and '-' only.
func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// appendCompactValue appends the valid JSON value v as json.Marshal writes
// a RawMessage: compacted, HTML characters and U+2028/U+2029 escaped.
func appendCompactValue(out []byte, v json.RawMessage) []byte {
	if len(v) == 0 {
		return append(out, "null"...)
	}
	clean := true
	for _, c := range v {
		if c <= ' ' || c == '<' || c == '>' || c == '&' || c == 0xE2 {
			clean = false
			break
		}
	}
	if clean {
		return append(out, v...)
	}
	var compact, escaped bytes.Buffer
	if err := json.Compact(&compact, v); err != nil {
		return append(out, v...) // not reached: v was read by json.Unmarshal
	}
	json.HTMLEscape(&escaped, compact.Bytes())
	return append(out, escaped.Bytes()...)
}

// Encrypt URL-encodes the JSON text plain, cuts it into pieces of at most
// PieceLen characters, encrypts each with RSA PKCS#1 v1.5 and returns the
// base64 pieces joined with ",".
func Encrypt(pub *rsa.PublicKey, plain []byte) (string, error) {
	return encrypt(rand.Reader, pub, plain)
}

func encrypt(rnd io.Reader, pub *rsa.PublicKey, plain []byte) (string, error) {
	e := []byte(url.QueryEscape(string(plain))) // ASCII only, so characters are bytes
	pieces := (len(e) + PieceLen - 1) / PieceLen
	out := make([]byte, 0, pieces*(base64.StdEncoding.EncodedLen(pub.Size())+1))
	for i := 0; i < len(e); i += PieceLen {
		end := min(i+PieceLen, len(e))
		ct, err := rsa.EncryptPKCS1v15(rnd, pub, e[i:end])
		if err != nil {
			return "", fmt.Errorf("mmcrypto: encrypt: %w", err)
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = base64.StdEncoding.AppendEncode(out, ct)
	}
	return string(out), nil
}

// Decrypt reverses Encrypt with the private key: it decrypts each piece,
// joins them and URL-decodes the result. It is what the server does, used
// by the fake server and tests.
func Decrypt(priv *rsa.PrivateKey, data string) ([]byte, error) {
	if data == "" {
		return nil, errors.New("mmcrypto: empty data")
	}
	var joined bytes.Buffer
	for _, piece := range strings.Split(data, ",") {
		ct, err := base64.StdEncoding.DecodeString(strings.TrimSpace(piece))
		if err != nil {
			return nil, fmt.Errorf("mmcrypto: piece is not base64: %w", err)
		}
		pt, err := rsa.DecryptPKCS1v15(nil, priv, ct)
		if err != nil {
			return nil, errors.New("mmcrypto: piece does not decrypt with this key")
		}
		joined.Write(pt)
	}
	plain, err := url.QueryUnescape(joined.String())
	if err != nil {
		return nil, fmt.Errorf("mmcrypto: not URL-encoded: %w", err)
	}
	return []byte(plain), nil
}

// ParsePublicKey reads an RSA public key given as base64 X.509
// SubjectPublicKeyInfo (what authorization returns), as PEM, or as PKCS#1.
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	der, err := decodeKey(s)
	if err != nil {
		return nil, err
	}
	if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		if rk, ok := k.(*rsa.PublicKey); ok {
			return rk, nil
		}
		return nil, errors.New("mmcrypto: public key is not RSA")
	}
	if rk, err := x509.ParsePKCS1PublicKey(der); err == nil {
		return rk, nil
	}
	return nil, errors.New("mmcrypto: not an RSA public key (want base64 X.509 or PEM)")
}

// ParsePrivateKey reads an RSA private key as base64 or PEM, PKCS#8 or PKCS#1.
func ParsePrivateKey(s string) (*rsa.PrivateKey, error) {
	der, err := decodeKey(s)
	if err != nil {
		return nil, err
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if rk, ok := k.(*rsa.PrivateKey); ok {
			return rk, nil
		}
		return nil, errors.New("mmcrypto: private key is not RSA")
	}
	if rk, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return rk, nil
	}
	return nil, errors.New("mmcrypto: not an RSA private key (want base64 or PEM, PKCS#8 or PKCS#1)")
}

// MarshalPublicKey returns the base64 X.509 form authorization returns.
func MarshalPublicKey(pub *rsa.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	return base64.StdEncoding.EncodeToString(der)
}

func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-----BEGIN") {
		blk, _ := pem.Decode([]byte(s))
		if blk == nil {
			return nil, errors.New("mmcrypto: bad PEM")
		}
		return blk.Bytes, nil
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("mmcrypto: key is neither PEM nor base64")
	}
	return der, nil
}

func objectFields(body []byte) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fmt.Errorf("mmcrypto: body is not a JSON object: %w", err)
	}
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	return fields, nil
}

// signedValue returns the text a value contributes to the signing string,
// and false for values that are not signed (empty strings, booleans, null,
// objects, arrays).
func signedValue(raw json.RawMessage, r Reader) (string, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false, nil
	}
	switch c := raw[0]; {
	case c == '"':
		if s, ok := jsonscan.PlainString(raw); ok {
			return s, s != "", nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, err
		}
		return s, s != "", nil
	case c == '-' || (c >= '0' && c <= '9'):
		s, err := r.Print(string(raw))
		return s, err == nil, err
	}
	return "", false, nil
}

// JavaNumber writes a JSON number the way a BigDecimal-reading server
// prints it: integers as they are, other numbers as java.math.BigDecimal's
// toString does (0.5 → "0.5", 1.50 → "1.50", 1e-07 → "1E-7", 1e3 → "1E+3").
func JavaNumber(num string) (string, error) {
	neg := strings.HasPrefix(num, "-")
	s := strings.TrimPrefix(num, "-")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return "", fmt.Errorf("bad exponent in %q", num)
		}
		exp = e
	}
	intPart, frac, hasDot := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || (hasDot && frac == "") {
		return "", fmt.Errorf("bad number %q", num)
	}
	if !hasDot && exp == 0 {
		return num, nil // an integer: printed as written
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		digits = "0"
	}
	scale := len(frac) - exp
	var out string
	adjusted := -scale + len(digits) - 1
	switch {
	case scale == 0:
		out = digits
	case scale > 0 && adjusted >= -6:
		if len(digits) > scale {
			out = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
		} else {
			out = "0." + strings.Repeat("0", scale-len(digits)) + digits
		}
	default:
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		if adjusted >= 0 {
			out += "E+" + strconv.Itoa(adjusted)
		} else {
			out += "E" + strconv.Itoa(adjusted)
		}
	}
	if neg && digits != "0" {
		out = "-" + out
	}
	return out, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
