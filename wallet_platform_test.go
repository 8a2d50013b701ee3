package multimarkets_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// TestFakePlaysMultiMarketsAgainstAWallet: subscribe a wallet's webhooks with
// the SDK, then let the fake server call them as MultiMarkets would.
func TestFakePlaysMultiMarketsAgainstAWallet(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ledger := wallettest.NewLedger()
	ledger.Seed("u1", "USD", wallet.MustParseAmount("100.00"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: srv.CompanyID, Wallet: ledger})
	require.NoError(t, err)
	ws := httptest.NewServer(h)
	defer ws.Close()

	d := wallet.DefaultPaths()
	require.NoError(t, c.Webhooks.Subscribe(context.Background(), &mm.WebhookParams{
		BalanceURL: ws.URL + d.Balance, AdjustmentURL: ws.URL + d.Adjust, CancelAdjustmentURL: ws.URL + d.Cancel,
	}))
	p, err := srv.WalletPlatform()
	require.NoError(t, err)

	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "12.50")
	tr := p.Trade(ctx, adj)
	require.True(t, tr.Accepted(), "%+v", tr)
	again := p.Adjust(ctx, adj) // MultiMarkets retries: no second effect
	assert.True(t, again.OK())
	bal, res := p.QueryBalance(ctx, wallet.BalanceQuery{UserName: "u1", Currency: "USD"})
	require.True(t, res.OK(), "%+v", res)
	assert.Equal(t, "87.50", bal.String(), "100.00 less one opening debit")
	assert.Equal(t, 1, ledger.Effects())
	require.NoError(t, h.Shutdown(context.Background()))
}
