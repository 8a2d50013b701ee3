package wallet_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// obsLog collects observer events.
type obsLog struct {
	mu       sync.Mutex
	answered []wallet.AnsweredInfo
	repeated []wallet.RepeatedInfo
	busy     []wallet.LeaseBusyInfo
}

func (l *obsLog) observer() *wallet.Observer {
	return &wallet.Observer{
		Answered: func(_ context.Context, i wallet.AnsweredInfo) {
			l.mu.Lock()
			l.answered = append(l.answered, i)
			l.mu.Unlock()
		},
		Repeated: func(i wallet.RepeatedInfo) { l.mu.Lock(); l.repeated = append(l.repeated, i); l.mu.Unlock() },
		LeaseBusy: func(i wallet.LeaseBusyInfo) {
			l.mu.Lock()
			l.busy = append(l.busy, i)
			l.mu.Unlock()
		},
	}
}

func TestObserverSeesAnswersRepeatsAndBusyLeases(t *testing.T) {
	t.Parallel()
	var log obsLog
	e := newEnv(t, func(c *wallet.Config) { c.Observer = log.observer() })
	ctx := context.Background()

	adj := wallettest.NewAdjustment("u1", "USD", wallet.AbnormalOvertrading, "-1")
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	c := wallettest.CancelFor(adj)
	require.True(t, e.mm.Cancel(ctx, c).OK())
	require.True(t, e.mm.Cancel(ctx, c).OK())

	// A record another instance holds a live lease on: answered busy.
	busy := wallettest.NewAdjustment("u1", "USD", wallet.AbnormalOvertrading, "-1")
	now := time.Now()
	a := busy
	ok, err := e.store.Create(ctx, wallet.Record{Key: busy.RequestUniqueNo, State: wallet.StatePending, UserName: busy.UserName,
		Currency: busy.Currency, Adjustment: &a, Owner: "another-instance", LeaseUntil: now.Add(time.Minute), Version: 1,
		CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, wallet.CodeBusy, e.mm.Adjust(ctx, busy).Code())

	log.mu.Lock()
	defer log.mu.Unlock()
	var got []string
	for _, i := range log.answered {
		got = append(got, i.Type+" "+i.Code)
		assert.NotEmpty(t, i.Trace)
		assert.GreaterOrEqual(t, i.Duration, time.Duration(0))
	}
	assert.Equal(t, []string{"adjust 0", "adjust 0", "cancel 0", "cancel 0", "adjust " + wallet.CodeBusy}, got)
	assert.Equal(t, []wallet.RepeatedInfo{{Type: wallet.CallAdjust, Code: "0"}, {Type: wallet.CallCancel, Code: "0"}}, log.repeated)
	assert.Equal(t, []wallet.LeaseBusyInfo{{State: wallet.StatePending}}, log.busy)
}

func TestPanickingObserverDoesNotBreakAnswers(t *testing.T) {
	t.Parallel()
	boom := func() { panic("observer bug") }
	e := newEnv(t, func(c *wallet.Config) {
		c.Observer = &wallet.Observer{
			Answered: func(context.Context, wallet.AnsweredInfo) { boom() },
			Repeated: func(wallet.RepeatedInfo) { boom() },
		}
	})
	ctx := context.Background()
	adj := wallettest.NewAdjustment("u1", "USD", wallet.AbnormalOvertrading, "-1")
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	require.True(t, e.mm.Adjust(ctx, adj).OK())
	assert.Equal(t, "99.00", e.balance(t))
	assert.Contains(t, e.logs.String(), "Observer panicked")
	assert.NotContains(t, e.logs.String(), "observer bug", "the panic's value is not logged")
}
