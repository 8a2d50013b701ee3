package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

func (c *Client) logAttempt(ctx context.Context, op *operation, trace string, attempt int, began time.Time, res *attemptResult) {
	level := slog.LevelDebug
	if res.err != nil {
		level = slog.LevelWarn
	}
	if !c.cfg.logger.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", op.Name),
		slog.String("trace", trace),
		slog.Int("attempt", attempt),
		slog.Int("status", res.status),
		slog.Duration("duration", time.Since(began)),
	}
	if res.env != nil {
		attrs = append(attrs, slog.String("code", string(res.env.Code)))
	}
	var apiErr *APIError
	if errors.As(res.err, &apiErr) {
		attrs = append(attrs, slog.String("code", string(apiErr.Code)))
	}
	if res.err != nil {
		attrs = append(attrs, slog.String("error", res.err.Error()))
	}
	if c.cfg.logBodies {
		attrs = append(attrs, slog.String("request", redactJSON(res.reqBody)), slog.String("response", redactJSON(res.body)))
	}
	c.cfg.logger.LogAttrs(ctx, level, "multimarkets request", attrs...)
}

// WithBodyLogging adds the request and response bodies to each attempt's log
// line (at the logger's levels, see WithLogger), for debugging an
// integration. Secrets are replaced by "[REDACTED]" (token, appSecret,
// pwd, password, signature, publicKey and the like) and phone numbers and
// e-mail addresses are masked. With encryption the plain body is logged,
// redacted the same way; the encrypted data never is.
func WithBodyLogging() Option {
	return func(c *config) error { c.logBodies = true; return nil }
}

// maskedKeys are body fields logged masked; secretKey says which are never
// logged at all.
var maskedKeys = map[string]func(string) string{"phone": maskPhone, "mobile": maskPhone, "loginname": maskPhone,
	"email": maskEmail, "touser": maskPhone, "idcard": maskPhone}

// secretKey matches (lower-cased) keys that hold credentials: passwords and
// their hashes (pwd, loginPwd, password, dbPassword, …), tokens (token,
// rToken, sendToken), secrets, signatures and signs, keys, and
// verification codes (verifyCode, googleCode, and code in a body that also
// has sendToken).
func secretKey(k string, siblings map[string]any) bool {
	for _, part := range []string{"pwd", "password", "token", "secret", "sign", "key", "verifycode", "googlecode", "codemd5"} {
		if strings.Contains(k, part) {
			return true
		}
	}
	_, hasSendToken := siblings["sendToken"]
	return k == "code" && hasSendToken
}

// redactJSON returns body for a log line with secrets removed. Bodies that
// are not JSON are shown by size only.
func redactJSON(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "[" + strconv.Itoa(len(body)) + " bytes, not JSON]"
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return "[unloggable]"
	}
	return string(out)
}

func redactValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			lk := strings.ToLower(k)
			switch {
			case secretKey(lk, v):
				v[k] = redacted
			case maskedKeys[lk] != nil:
				if s, ok := x.(string); ok {
					v[k] = maskedKeys[lk](s)
				}
			default:
				v[k] = redactValue(x)
			}
		}
	case []any:
		for i := range v {
			v[i] = redactValue(v[i])
		}
	}
	return v
}

// discardHandler drops every record (slog.DiscardHandler needs Go 1.24).
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
