package wallet_test

import (
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// TestRootUsesDefaultPaths: the root package cannot import this one (this
// one imports it), so its webhook examples write the default paths out;
// they must be the paths this package serves.
func TestRootUsesDefaultPaths(t *testing.T) {
	t.Parallel()
	const base = "https://wallet.example.com"
	p := wallet.DefaultPaths()
	urls := map[string]string{"BalanceURL": base + p.Balance, "AdjustmentURL": base + p.Adjust, "CancelAdjustmentURL": base + p.Cancel}
	// WebhookParams.Validate names the path for each field.
	for field, url := range urls {
		sub := mm.WebhookParams{BalanceURL: base + p.Balance, AdjustmentURL: base + p.Adjust, CancelAdjustmentURL: base + p.Cancel}
		require.NoError(t, sub.Validate())
		switch field {
		case "BalanceURL":
			sub.BalanceURL = "not a URL"
		case "AdjustmentURL":
			sub.AdjustmentURL = "not a URL"
		default:
			sub.CancelAdjustmentURL = "not a URL"
		}
		var verr *mm.ValidationError
		require.True(t, errors.As(sub.Validate(), &verr), field)
		assert.Equal(t, "WebhookParams."+field, verr.Field)
		assert.Contains(t, verr.Rule, "e.g. "+url, field)
	}
	// ExampleWebhookService_Subscribe subscribes the same URLs.
	src, err := os.ReadFile("../example_funds_test.go")
	require.NoError(t, err)
	for field, url := range urls {
		assert.Contains(t, string(src), field+": ", field)
		assert.Regexp(t, field+`:\s+"`+regexp.QuoteMeta(url)+`"`, string(src), "ExampleWebhookService_Subscribe: %s", field)
	}
}
