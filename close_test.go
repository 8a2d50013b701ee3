package multimarkets_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// connCounter counts the server's open connections through ConnState.
type connCounter struct {
	mu   sync.Mutex
	open map[net.Conn]bool
}

func (c *connCounter) track(conn net.Conn, st http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch st {
	case http.StateNew:
		c.open[conn] = true
	case http.StateClosed, http.StateHijacked:
		delete(c.open, conn)
	}
}

func (c *connCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.open)
}

// TestCloseReleasesConnectionsAndGoroutines: 50 short-lived clients, each
// closed after its call, leave no open connection on the server and no
// goroutine behind (before Close, each kept an idle keep-alive connection
// with its read and write goroutines for the transport's 90 s idle
// timeout).
func TestCloseReleasesConnectionsAndGoroutines(t *testing.T) {
	// Not parallel: it counts the process's goroutines.
	cc := &connCounter{open: map[net.Conn]bool{}}
	srv := httptest.NewUnstartedServer(minimalHandler())
	srv.Config.ConnState = cc.track
	srv.Start()
	defer srv.Close()

	before := runtime.NumGoroutine()
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		c, err := mm.NewClient(mm.WithBaseURL(srv.URL+"/openapi-b"), mm.WithCompanyID("10086"), mm.WithToken("tok"))
		require.NoError(t, err)
		_, err = c.Customers.Register(ctx, validParams())
		require.NoError(t, err)
		require.NoError(t, c.Close())
		require.NoError(t, c.Close(), "Close twice")
	}
	require.Eventually(t, func() bool { return cc.count() == 0 }, 2*time.Minute, 10*time.Millisecond,
		"the server still sees open connections")
	// The server's goroutines for the closed connections end too; allow a
	// few goroutines of the test framework and runtime to come and go.
	require.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+2 }, 2*time.Minute, 10*time.Millisecond,
		"goroutines left behind: %d before, %d now", before, runtime.NumGoroutine())
}

// TestCloseLeavesCallersTransportAlone: Close does not close the idle
// connections of a transport the caller supplied (the caller owns it), and
// the client still works after Close.
func TestCloseLeavesCallersTransportAlone(t *testing.T) {
	t.Parallel()
	cc := &connCounter{open: map[net.Conn]bool{}}
	srv := httptest.NewUnstartedServer(minimalHandler())
	srv.Config.ConnState = cc.track
	srv.Start()
	defer srv.Close()

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c, err := mm.NewClient(mm.WithBaseURL(srv.URL+"/openapi-b"), mm.WithCompanyID("10086"), mm.WithToken("tok"),
		mm.WithTransport(tr))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	require.NoError(t, c.Close())
	assert.Equal(t, 1, cc.count(), "the caller's idle connection stays open")

	// Still usable after Close, on the caller's pooled connection.
	_, err = c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	assert.Equal(t, 1, cc.count())
}
