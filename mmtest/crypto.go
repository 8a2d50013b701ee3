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
	if !VerifySignature([]byte(plain), tsHeader) {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	return []byte(plain), nil
}

// VerifySignature checks a decrypted body the way the vendor documents it:
// the body's "timestamp" must equal the timestamp header, and "signature"
// must be the upper-case MD5 of "timestamp=<header>&" followed by the
// body's non-empty string and number entries (signature excluded) sorted by
// key as key=value joined by "&". Numbers are written as a Java BigDecimal
// prints them.
func VerifySignature(body []byte, tsHeader string) bool {
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
			parts = append(parts, k+"="+bigDecimalString(v.String()))
		}
	}
	sort.Slice(parts, func(i, j int) bool { return key(parts[i]) < key(parts[j]) })
	sum := md5.Sum([]byte("timestamp=" + tsHeader + "&" + strings.Join(parts, "&")))
	return strings.ToUpper(hex.EncodeToString(sum[:])) == sig
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
