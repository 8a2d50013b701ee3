package multimarkets

import (
	"context"
	"crypto/rsa"
	"sync"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/mmcrypto"
)

// WithEncryption signs and RSA-encrypts every request body as the vendor's
// signing document describes (timestamp in header and body, MD5 signature,
// URL-encoded JSON encrypted in 100-character pieces with RSA PKCS#1 v1.5,
// trace prefixed "x-"). publicKey is the company's RSA public key (base64
// X.509 or PEM); pass "" to use the key that authorization returns, which
// needs WithAppCredentials. Authorization itself is never encrypted.
func WithEncryption(publicKey string) Option {
	return func(c *config) error {
		c.encrypt, c.publicKey = true, publicKey
		return nil
	}
}

// NumberReader names how the server's JSON reader reads a number that has
// a decimal point or an exponent, which decides how the server prints it
// in the signing string it rebuilds (integers are read and signed as
// written by every reader). It matters only with WithEncryption.
//
// Every number the SDK sends is written in its shortest plain form ("5",
// "12.5", "1000", "0.0001", no exponent, no trailing zeros), which both
// readers print identically for integers and for 0.001 <= |x| < 10^7 with
// at most 15 significant digits. Outside that range no JSON text makes
// them agree (a Double reader prints 0.0001 as "1.0E-4" and 12345678.9 as
// "1.23456789E7"), so the signature is computed for the reader chosen here.
type NumberReader int

const (
	// DoubleReader (the default) signs numbers as java.lang.Double.toString
	// prints them, as the vendor's demo server does (hutool 5.0.5, like
	// Jackson's defaults, reads such numbers as Double).
	DoubleReader NumberReader = iota
	// BigDecimalReader signs numbers as java.math.BigDecimal.toString
	// prints them, for a server whose reader keeps decimals exact
	// (fastjson, newer hutool, Jackson with USE_BIG_DECIMAL_FOR_FLOATS).
	BigDecimalReader
)

// WithNumberReader tells the SDK which JSON reader the server uses, so that
// signatures of encrypted requests carrying numbers such as 0.0001 or
// 12345678.9 verify (default DoubleReader, the vendor's demo). Ask the
// platform's operator if unsure: a wrong choice shows as a signature error
// (GGATEWAY_CODE_015) on such amounts only.
func WithNumberReader(r NumberReader) Option {
	return func(c *config) error {
		if r != DoubleReader && r != BigDecimalReader {
			return &ValidationError{Field: "WithNumberReader", Rule: "DoubleReader or BigDecimalReader"}
		}
		c.numberReader = r
		return nil
	}
}

// encryptor seals request bodies; the parsed key is cached.
type encryptor struct {
	configured string
	reader     NumberReader
	mu         sync.Mutex
	keyText    string
	key        *rsa.PublicKey
}

func (e *encryptor) init() error {
	if e.configured == "" {
		return nil
	}
	k, err := mmcrypto.ParsePublicKey(e.configured)
	if err != nil {
		return &ValidationError{Field: "WithEncryption", Rule: "RSA public key as base64 X.509 or PEM"}
	}
	e.keyText, e.key = e.configured, k
	return nil
}

func (e *encryptor) publicKey(ctx context.Context, c *Client) (*rsa.PublicKey, error) {
	if e.configured != "" {
		return e.key, nil
	}
	ts, ok := c.tokens.(*appTokenSource)
	if !ok {
		return nil, &ValidationError{Field: "WithEncryption", Rule: "give a public key, or app credentials so authorization supplies it"}
	}
	text, err := ts.publicKey(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if text != e.keyText {
		k, err := mmcrypto.ParsePublicKey(text)
		if err != nil {
			return nil, &ResponseError{Operation: opAuthorize.Name, Reason: "authorization returned an unusable public key", Err: err}
		}
		e.keyText, e.key = text, k
	}
	return e.key, nil
}

// seal returns the encrypted body {"data":"…"} for the plain JSON body,
// signed with the attempt's timestamp (the same as the timestamp header).
func (e *encryptor) seal(ctx context.Context, c *Client, body []byte, now time.Time) ([]byte, error) {
	key, err := e.publicKey(ctx, c)
	if err != nil {
		return nil, err
	}
	signed, _, err := mmcrypto.Sign(body, now.UnixMilli(), mmcrypto.Reader(e.reader))
	if err != nil {
		return nil, &ValidationError{Field: "params", Rule: "must encode as a JSON object to be signed"}
	}
	data, err := mmcrypto.Encrypt(key, signed)
	if err != nil {
		return nil, err
	}
	// {"data":"…"}: base64 pieces and commas, nothing json.Marshal would
	// escape.
	out := make([]byte, 0, len(data)+len(`{"data":""}`))
	out = append(out, `{"data":"`...)
	out = append(out, data...)
	return append(out, `"}`...), nil
}
