package multimarkets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/push"
)

// TestPushFromTheFakeServer: a subscriber using the client as its token
// source sees the events of what the client does, also across a token
// expiry that the client renews.
func TestPushFromTheFakeServer(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var mu sync.Mutex
	var events []*push.Event
	got := func(typ push.EventType) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, e := range events {
			if e.Type == typ {
				n++
			}
		}
		return n
	}
	srv.Push().EnsureGroup("it")
	sub, err := push.New(push.Options{BaseURL: srv.URL, Token: c, Group: "it", CompanyID: srv.CompanyID,
		BackoffMin: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond},
		func(ctx context.Context, e *push.Event) error {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
			return nil
		})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- sub.Run(ctx) }()

	reg, err := c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	// Events of different ordering keys (register: the customer; open_account:
	// its account) are handled concurrently, so each is waited for.
	require.Eventually(t, func() bool { return got(push.EventRegister) == 1 && got(push.EventOpenAccount) == 1 },
		time.Minute, 10*time.Millisecond)
	mu.Lock()
	var r *push.Register
	for _, e := range events {
		if p, ok := e.Payload.(*push.Register); ok {
			r = p
		}
	}
	mu.Unlock()
	require.NotNil(t, r, "a typed register event")
	assert.Equal(t, reg.CustomerNo, string(r.CustomerNo))

	srv.ExpireTokens() // the push connection is closed; the subscriber renews through the client
	_, err = c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: reg.CustomerNo, TradeType: mm.TradeTypeCrossContract,
		Currency: "USDT", Amount: mm.MustDecimal("12.50")})
	require.NoError(t, err)
	// subject_update (keyed by account) and subject_water_insert (keyed by
	// customer) may be handled in either order: wait for both.
	require.Eventually(t, func() bool { return got(push.EventSubjectWaterInsert) >= 1 && got(push.EventSubjectUpdate) >= 1 },
		time.Minute, 10*time.Millisecond)
	assert.Equal(t, 1, got(push.EventSubjectWaterInsert))
	assert.Equal(t, 1, got(push.EventSubjectUpdate))

	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(time.Minute):
		t.Fatal("subscriber did not stop")
	}
}
