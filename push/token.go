package push

import (
	"context"
	"fmt"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// TokenSource supplies the Manager API token the subscriber sends in the
// "token" header. It is called before every connection attempt, so a
// source that renews tokens keeps the subscriber authorized. The SDK's root
// client satisfies it; StaticToken wraps a fixed token.
//
// A TokenSource may also implement Refresher. When the server rejects a
// token as expired, the subscriber calls Refresh with the rejected token if
// it can, and Token otherwise.
type TokenSource interface {
	// Token returns a currently valid token.
	Token(ctx context.Context) (string, error)
}

// Refresher is implemented by token sources that can force a new token.
// Refresh must return a token different from stale (re-authorizing if
// needed); returning a token another caller already obtained is fine.
type Refresher interface {
	Refresh(ctx context.Context, stale string) (string, error)
}

// StaticToken returns a TokenSource that always returns tok. When the
// server rejects it, Run stops with an *AuthError instead of retrying,
// because a static token cannot be renewed.
func StaticToken(tok string) TokenSource { return staticToken(tok) }

type staticToken string

func (t staticToken) Token(context.Context) (string, error) { return string(t), nil }

// String hides the token, as does every fmt verb (Format) and GoString.
func (t staticToken) String() string                { return "push.StaticToken([REDACTED])" }
func (t staticToken) GoString() string              { return t.String() }
func (t staticToken) Format(f fmt.State, verb rune) { redact.Format(f, verb, t.String()) }
