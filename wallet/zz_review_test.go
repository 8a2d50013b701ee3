package wallet_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

func TestReviewCancelOfPendingAppliesThenCannotReverse(t *testing.T) {
	e := newEnv(t, nil)
	var n atomic.Int32
	e.ledger.BeforeAdjust = func(ctx context.Context, _ wallet.Adjustment) error {
		if n.Add(1) == 1 {
			return errors.New("db timeout") // unknown outcome, nothing applied
		}
		time.Sleep(2100 * time.Millisecond) // slow but within the wallet deadline
		return nil
	}
	e.ledger.BeforeReverse = func(ctx context.Context, _ wallet.Reversal) error { return ctx.Err() }
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.OpenPosition, "10.00")
	r := e.mm.Adjust(ctx, adj)
	t.Logf("adjust: %s; balance %s", r.Code(), e.balance(t))
	c := e.mm.Cancel(ctx, wallettest.CancelFor(adj))
	time.Sleep(500 * time.Millisecond)
	t.Logf("cancel: %s; balance after one cancel %s (effects %d)", c.Code(), e.balance(t), e.ledger.Effects())
}
