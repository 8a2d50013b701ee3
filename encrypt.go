package multimarkets

import (
	"context"
	"crypto/rsa"
	"encoding/json"
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

// encryptor seals request bodies; the parsed key is cached.
type encryptor struct {
	configured string
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
	signed, _, err := mmcrypto.Sign(body, now.UnixMilli())
	if err != nil {
		return nil, &ValidationError{Field: "params", Rule: "must encode as a JSON object to be signed"}
	}
	data, err := mmcrypto.Encrypt(key, signed)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Data string `json:"data"`
	}{data})
}
