package wallet_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// TestInvalidUTF8IsRefused: encoding/json turns invalid UTF-8 and lone
// surrogate escapes into U+FFFD, so "u1\xff" and "u1\xfe" (or "u1\ud800"
// and "u1\udbff") would be the same user. Such bodies are refused as bad
// requests before decoding, on every call; valid escapes still pass.
func TestInvalidUTF8IsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.ledger.Seed("u1\uFFFD", "USD", wallet.MustParseAmount("100.00"))
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10")
	adj.Metadata = `{"note":"\ud83d\ude00"}`
	valid, err := adj.MarshalJSON()
	require.NoError(t, err)
	cancel, err := wallettest.CancelFor(adj).MarshalJSON()
	require.NoError(t, err)
	balance := []byte(`{"thirdServerCode":"x","userName":"u1","currency":"USD"}`)
	paths := wallet.DefaultPaths()
	tests := []struct {
		name, path, old, new string
		body                 []byte
	}{
		{"raw byte in userName", paths.Adjust, `"userName":"u1"`, "\"userName\":\"u1\xff\"", valid},
		{"other raw byte in userName", paths.Adjust, `"userName":"u1"`, "\"userName\":\"u1\xfe\"", valid},
		{"raw byte in a key", paths.Adjust, `"metadata"`, "\"meta\xffdata\"", valid},
		{"raw byte in requestUniqueNo", paths.Adjust, `"requestUniqueNo":"`, "\"requestUniqueNo\":\"\xc3", valid},
		{"lone high surrogate", paths.Adjust, `"userName":"u1"`, `"userName":"u1\ud800"`, valid},
		{"lone low surrogate", paths.Adjust, `"userName":"u1"`, `"userName":"u1\udc00"`, valid},
		{"high surrogate then non-low", paths.Adjust, `"userName":"u1"`, `"userName":"u1\ud800\u0041"`, valid},
		{"escaped backslash does not hide one", paths.Adjust, `"userName":"u1"`, `"userName":"u1\\\ud800"`, valid},
		{"raw byte in a cancel", paths.Cancel, `"userName":"u1"`, "\"userName\":\"u1\xff\"", cancel},
		{"raw byte in a balance query", paths.Balance, `"userName":"u1"`, "\"userName\":\"u1\xff\"", balance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(string(tt.body), tt.old, tt.new, 1)
			require.NotEqual(t, string(tt.body), body)
			res := e.mm.Post(ctx, tt.path, nil, []byte(body))
			require.NoError(t, res.Err)
			assert.Equal(t, wallet.CodeBadRequest, res.Code(), res.Envelope.Msg)
		})
	}
	assert.Equal(t, 0, e.store.Len(), "nothing recorded")
	assert.Equal(t, "100.00", e.ledger.BalanceOf("u1\uFFFD", "USD").String())

	// A surrogate pair and a literal "\\ud800" (an escaped backslash) are fine.
	body := strings.Replace(string(valid), `"userName":"u1"`, `"userName":"u1","x":"\\ud800","y":"\ud83d\ude00"`, 1)
	res := e.mm.Post(ctx, paths.Adjust, nil, []byte(body))
	assert.Equal(t, wallet.CodeOK, res.Code(), res.Envelope.Msg)
}
