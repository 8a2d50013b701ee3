package multimarkets_test

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// openConns counts the connections a transport has open at once: a
// connection counts from its dial until the transport closes it.
type openConns struct {
	open, max, dialed atomic.Int64
}

func (o *openConns) dial(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		o.dialed.Add(1)
		n := o.open.Add(1)
		for m := o.max.Load(); n > m && !o.max.CompareAndSwap(m, n); m = o.max.Load() {
		}
		return &countedConn{Conn: c, o: o}, nil
	}
}

// countedConn leaves the open count when first closed.
type countedConn struct {
	net.Conn
	o    *openConns
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.o.open.Add(-1) })
	return c.Conn.Close()
}

// TestManyConcurrentCalls: 10,000 registrations from 100 goroutines through
// one client with the default transport. None is lost, each customer exists
// once, and at most DefaultMaxConnsPerHost connections are open at once
// (more calls wait for one). A connection closed and dialled again is
// fine: the cap is on connections open at once, not ever opened.
func TestManyConcurrentCalls(t *testing.T) {
	t.Parallel()
	tr := mm.DefaultTransportForTest()
	var conns openConns
	tr.DialContext = conns.dial(tr.DialContext)
	srv, c := newFake(t, nil, mm.WithTransport(tr))

	const workers, calls = 100, 10_000 // more workers than connections
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > calls {
					return
				}
				p := validParams()
				p.Phone = fmt.Sprintf("135%08d", i)
				if _, err := c.Customers.Register(context.Background(), p); err != nil {
					failed.Add(1)
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failed.Load())
	assert.Len(t, srv.Customers(), calls)
	assert.Equal(t, calls, srv.Acted(opRegister))
	t.Logf("connections: %d dialled, at most %d open at once", conns.dialed.Load(), conns.max.Load())
	assert.LessOrEqual(t, conns.max.Load(), int64(mm.DefaultMaxConnsPerHost), "connections open at once")
	assert.Positive(t, conns.max.Load())
}

// TestCancellationLeaksNothing cancels calls stuck on a slow server and
// checks that they return promptly and leave no goroutines behind.
func TestCancellationLeaksNothing(t *testing.T) {
	srv, c := newFake(t, nil)
	_, err := c.Auth.Authorize(context.Background())
	require.NoError(t, err)
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		srv.InjectFault(opRegister, mmtest.DelayAfterActing(time.Minute))
	}
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := validParams()
			p.Phone = fmt.Sprintf("1340000%04d", i)
			_, err := c.Customers.Register(ctx, p)
			assert.ErrorIs(t, err, context.Canceled)
			assert.ErrorIs(t, err, mm.ErrUnknownOutcome, "the server had acted")
		}(i)
	}
	// Every call is stuck after the server acted; then cancel.
	require.Eventually(t, func() bool { return srv.Acted(opRegister) == 20 }, time.Minute, time.Millisecond)
	cancel()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("calls did not return after cancellation")
	}
	srv.Close()
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+2 }, time.Minute, 10*time.Millisecond,
		"goroutines left after cancellation")
}
