package multimarkets_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestEveryWriteSurvivesALostAnswer runs every write of the SDK (every
// operation not declared read-only) through "answer lost after the server
// acted": the server must act exactly once (the SDK does not resend) and the
// caller must get ErrUnknownOutcome. A new write fails the test until it has
// a row here.
func TestEveryWriteSurvivesALostAnswer(t *testing.T) {
	t.Parallel()
	// Each call gets a fresh fake and a registered customer number with a
	// spot and a cross-contract account.
	calls := map[string]func(ctx context.Context, c *mm.Client, no string) error{
		opRegister: func(ctx context.Context, c *mm.Client, _ string) error {
			p := validParams()
			p.Phone, p.Email = "7700900901", "lost@example.com"
			_, err := c.Customers.Register(ctx, p)
			return err
		},
		opBonus: func(ctx context.Context, c *mm.Client, no string) error {
			_, err := c.Bonuses.Issue(ctx, &mm.BonusParams{CustomerNo: no, ActivityID: "act-lost",
				Currency: "USDT", Amount: mm.MustDecimal("5")})
			return err
		},
		opAdjust: func(ctx context.Context, c *mm.Client, no string) error {
			_, err := c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract,
				Currency: "USDT", Amount: mm.MustDecimal("5")})
			return err
		},
		opLock: func(ctx context.Context, c *mm.Client, no string) error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn})
		},
		opUnlock: func(ctx context.Context, c *mm.Client, no string) error {
			return c.Funds.UnlockTransfers(ctx, &mm.TransferLockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn})
		},
		opMessage: func(ctx context.Context, c *mm.Client, no string) error {
			page, err := c.Customers.List(ctx, &mm.CustomerListParams{CustomerNo: no})
			if err != nil {
				return err
			}
			return c.Messages.Send(ctx, &mm.MessageParams{CustomerNo: no, CustomerID: page.Items[0].ID,
				TradeType: mm.TradeTypeCrossContract, Language: mm.LanguageEnglish, Title: "Welcome", Content: "Hello."})
		},
		opWebhook: func(ctx context.Context, c *mm.Client, _ string) error {
			return c.Webhooks.Subscribe(ctx, &mm.WebhookParams{BalanceURL: "https://wallet.example.com/get-user-amount",
				AdjustmentURL:       "https://wallet.example.com/external-system-credit-limit-adjustment",
				CancelAdjustmentURL: "https://wallet.example.com/cancel-external-system-credit-limit-adjustment"})
		},
		opCancelPending: func(ctx context.Context, c *mm.Client, _ string) error {
			_, err := c.Trading.CancelPendingOrders(ctx, &seedCustomer)
			return err
		},
		opForcedOrder: func(ctx context.Context, c *mm.Client, _ string) error {
			_, err := c.Trading.ForceClose(ctx, &seedCustomer)
			return err
		},
	}
	writes := mm.WriteOperationsForTest()
	for _, op := range writes {
		require.Contains(t, calls, op, "write %s has no row in this test", op)
	}
	require.Len(t, calls, len(writes), "a row names an operation that is not a write: writes %v", writes)
	for _, op := range writes {
		call := calls[op]
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t, nil, mm.WithRetryPolicy(fastRetries), mm.WithTimeout(attemptTimeout))
			ctx := context.Background()
			no := register(t, c, "7700900900",
				mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"},
				mm.TradeTypeCurrency{TradeType: mm.TradeTypeCrossContract, Currency: "USDT"})
			acted := srv.Acted(op)
			srv.InjectFault(op, mmtest.DropAfterActing())
			err := call(ctx, c, no)
			var uo *mm.UnknownOutcomeError
			require.ErrorAs(t, err, &uo, "err = %v, want *UnknownOutcomeError", err)
			require.ErrorIs(t, err, mm.ErrUnknownOutcome)
			require.Equal(t, 1, srv.Acted(op)-acted, "acted %d times (requests %d): a write must not be resent",
				srv.Acted(op)-acted, srv.Requests(op))
		})
	}
}
