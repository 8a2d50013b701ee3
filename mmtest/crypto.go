package mmtest

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// openSealed is the server side of the documented encryption: decrypt each
// comma-separated base64 piece with the private key, join, URL-decode, then
// verify the signature against the timestamp header. It is written apart
// from the SDK's implementation on purpose.
func (s *Server) openSealed(raw []byte, tsHeader string) ([]byte, *apiError) {
	var outer struct {
		Data *string `json:"data"`
	}
	if err := json.Unmarshal(raw, &outer); err != nil || outer.Data == nil || *outer.Data == "" {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	var joined strings.Builder
	for _, piece := range strings.Split(*outer.Data, ",") {
		ct, err := base64.StdEncoding.DecodeString(piece)
		if err != nil {
			return nil, errCode("GGATEWAY_CODE_015")
		}
		pt, err := rsa.DecryptPKCS1v15(nil, s.priv, ct)
		if err != nil || len(pt) > 100 {
			return nil, errCode("GGATEWAY_CODE_015")
		}
		joined.Write(pt)
	}
	plain, err := url.QueryUnescape(joined.String())
	if err != nil {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	if !VerifySignature([]byte(plain), tsHeader, s.cfg.reader) {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	return []byte(plain), nil
}

// NumberReader is the JSON reader the fake's server emulates when it
// rebuilds the signing string from the body it parsed: the server prints
// each value with String.valueOf of what its reader made of it.
type NumberReader int

const (
	// DoubleReader (the default) reads a JSON number that has a "." or an
	// exponent as java.lang.Double and signs Double.toString of it ("5.0"
	// for 5.00, "1.0E-4" for 0.0001, "1.23456789E7" for 12345678.9), as the
	// vendor's demo (hutool 5.0.5) and Jackson's defaults do.
	DoubleReader NumberReader = iota
	// BigDecimalReader reads such numbers as java.math.BigDecimal and signs
	// BigDecimal.toString ("5.00", "0.0001", "1E+3"), as fastjson and newer
	// hutool do.
	BigDecimalReader
)

// WithNumberReader chooses the JSON reader the fake emulates when it
// verifies signatures (default DoubleReader).
func WithNumberReader(r NumberReader) Option { return func(c *config) { c.reader = r } }

// VerifySignature checks a decrypted body the way the vendor documents it:
// the body's "timestamp" must equal the timestamp header, and "signature"
// must be the upper-case MD5 of "timestamp=<header>&" followed by the
// body's non-empty string and number entries (signature excluded) sorted by
// key as key=value joined by "&". Integers are written as sent; other
// numbers as the reader r prints what it parsed.
func VerifySignature(body []byte, tsHeader string, r NumberReader) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return false
	}
	sig, _ := m["signature"].(string)
	ts, ok := m["timestamp"].(json.Number)
	if sig == "" || !ok || ts.String() != tsHeader {
		return false
	}
	var parts []string
	for k, v := range m {
		if k == "signature" {
			continue
		}
		switch v := v.(type) {
		case string:
			if v != "" {
				parts = append(parts, k+"="+v)
			}
		case json.Number:
			n := v.String()
			switch {
			case !strings.ContainsAny(n, ".eE"):
				// an integer: every reader prints it as sent
			case r == BigDecimalReader:
				n = bigDecimalString(n)
			default:
				n = doubleString(n)
			}
			parts = append(parts, k+"="+n)
		}
	}
	sort.Slice(parts, func(i, j int) bool { return key(parts[i]) < key(parts[j]) })
	sum := md5.Sum([]byte("timestamp=" + tsHeader + "&" + strings.Join(parts, "&")))
	return strings.ToUpper(hex.EncodeToString(sum[:])) == sig
}

// doubleString is Double.toString(Double.parseDouble(n)) after the JDK 19+
// specification, written as its definition reads (a search, unlike the
// SDK's): the decimals of the least length m that round to the double
// (lengths 1 and 2 when m is 1), the closest of them to it (ties: even last
// digit), printed plain for 10^-3 <= |x| < 10^7 and as d.dddE±n otherwise,
// always with a digit after the point.
func doubleString(n string) string {
	x, err := strconv.ParseFloat(n, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return "?"
	}
	switch {
	case math.IsInf(x, 0):
		if x > 0 {
			return "Infinity"
		}
		return "-Infinity"
	case x == 0:
		if math.Signbit(x) {
			return "-0.0"
		}
		return "0.0"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	exact := new(big.Rat).SetFloat64(x)
	type cand struct {
		digits string // no trailing zeros
		exp    int    // exponent of the first digit
		dist   *big.Rat
	}
	var best *cand
	for length := 1; length <= 17 && (best == nil || length == 2 && len(best.digits) == 1); length++ {
		// The correctly rounded decimal of this length and its neighbours.
		c := strconv.FormatFloat(x, 'e', length-1, 64)
		mant, e, _ := strings.Cut(c, "e")
		exp, _ := strconv.Atoi(e)
		u, _ := new(big.Int).SetString(strings.Replace(mant, ".", "", 1), 10)
		for _, delta := range []int64{-1, 0, 1} {
			v := new(big.Int).Add(u, big.NewInt(delta))
			ds := v.String()
			ex := exp + len(ds) - length // 9.9 + 0.1 = 10.0 moves the exponent
			trimmed := strings.TrimRight(ds, "0")
			if trimmed == "" || len(trimmed) != length {
				continue // shorter: found at a smaller length already
			}
			lit := trimmed + "e" + strconv.Itoa(ex-len(trimmed)+1)
			if back, err := strconv.ParseFloat(lit, 64); err != nil || back != x {
				continue
			}
			r, _ := new(big.Rat).SetString(lit)
			d := new(big.Rat).Sub(r, exact)
			d.Abs(d)
			if best == nil || d.Cmp(best.dist) < 0 || d.Cmp(best.dist) == 0 && (trimmed[len(trimmed)-1]-'0')%2 == 0 {
				best = &cand{trimmed, ex, d}
			}
		}
	}
	if best == nil {
		return "?"
	}
	digits, exp := best.digits, best.exp
	if exp < -3 || exp >= 7 {
		frac := digits[1:]
		if frac == "" {
			frac = "0"
		}
		return sign + digits[:1] + "." + frac + "E" + strconv.Itoa(exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	for len(digits) < exp+2 {
		digits += "0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

func key(kv string) string { k, _, _ := strings.Cut(kv, "="); return k }

// bigDecimalString prints a JSON number like Java: integers unchanged,
// other numbers like BigDecimal.toString (plain unless the adjusted
// exponent is below -6 or the scale is negative).
func bigDecimalString(n string) string {
	if !strings.ContainsAny(n, ".eE") {
		return n
	}
	sign := ""
	if n[0] == '-' {
		sign, n = "-", n[1:]
	}
	exp := 0
	if i := strings.IndexAny(n, "eE"); i >= 0 {
		exp, _ = strconv.Atoi(strings.TrimPrefix(n[i+1:], "+"))
		n = n[:i]
	}
	scale := 0
	if i := strings.IndexByte(n, '.'); i >= 0 {
		scale = len(n) - i - 1
		n = n[:i] + n[i+1:]
	}
	scale -= exp
	unscaled := strings.TrimLeft(n, "0")
	if unscaled == "" {
		unscaled, sign = "0", ""
	}
	adj := len(unscaled) - 1 - scale
	if scale >= 0 && adj >= -6 {
		if scale == 0 {
			return sign + unscaled
		}
		for len(unscaled) <= scale {
			unscaled = "0" + unscaled
		}
		return sign + unscaled[:len(unscaled)-scale] + "." + unscaled[len(unscaled)-scale:]
	}
	out := unscaled[:1]
	if len(unscaled) > 1 {
		out += "." + unscaled[1:]
	}
	if adj >= 0 {
		return sign + out + "E+" + strconv.Itoa(adj)
	}
	return sign + out + "E" + strconv.Itoa(adj)
}

func marshalPublicKey(pub *rsa.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
