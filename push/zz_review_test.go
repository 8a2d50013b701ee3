package push_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

func TestReviewDropsLookLikeKick(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	opts := push.Options{BaseURL: srv.BaseURL, Token: push.StaticToken("tok"), Group: "g1",
		BackoffMin: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond} // default KickWindow 10s, threshold 3
	sub, _ := push.New(opts, func(context.Context, *push.Event) error { return nil })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- sub.Run(ctx) }()
	for i := 0; i < 3; i++ {
		deadline := time.Now().Add(2 * time.Second)
		for !srv.Connected("g1") && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		srv.Drop() // network blip / server restart
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case err := <-done:
		var ge *push.GroupConflictError
		t.Logf("Run returned: %v (GroupConflictError=%v)", err, errors.As(err, &ge))
	case <-time.After(2 * time.Second):
		t.Log("Run still running")
	}
}
