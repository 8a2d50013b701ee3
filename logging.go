package multimarkets

import (
	"context"
	"errors"
	"log/slog"
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
		attrs = append(attrs, slog.String("code", safeIdent(string(res.env.Code))))
	}
	var apiErr *APIError
	if errors.As(res.err, &apiErr) {
		attrs = append(attrs, slog.String("code", safeIdent(string(apiErr.Code))))
	}
	if res.err != nil {
		attrs = append(attrs, slog.String("error", res.err.Error()))
	}
	if c.cfg.logBodies {
		attrs = append(attrs, slog.String("request", redactBody(res.reqBody)), slog.String("response", redactBody(res.body)))
	}
	c.cfg.logger.LogAttrs(ctx, level, "multimarkets request", attrs...)
}

// WithBodyLogging adds the request and response bodies to each attempt's log
// line (at the logger's levels, see WithLogger), for debugging an
// integration. Secrets are replaced by "[REDACTED]" (token, appSecret,
// pwd, password, sign, publicKey, verification codes, IPs, ID and card
// numbers and the like) and personal data is masked (phones, e-mail
// addresses, names, bank details), by field name (mobilePhone,
// contactEmail, userName, … also when sent as numbers or arrays) and by
// value (an e-mail address or a key=value pair anywhere, JSON held in a
// string). A body that is not JSON is scrubbed the same way, an HTML page
// is shown by its title. With encryption the plain body is logged,
// redacted the same way; the encrypted data never is.
func WithBodyLogging() Option {
	return func(c *config) error { c.logBodies = true; return nil }
}

// discardHandler drops every record (slog.DiscardHandler needs Go 1.24).
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
