package multimarkets

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPooledHeaderKeepsNothingOfAnotherRequest alternates a request with
// the token and group headers and one without either (NoToken, no group)
// on one client: the pooled header map must not carry a header of the
// previous request into the next.
func TestPooledHeaderKeepsNothingOfAnotherRequest(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string][]http.Header{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = append(seen[r.URL.Path], r.Header.Clone())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"code":"0","msg":"Success","trace":"`+r.Header.Get("trace")+`","data":true}`)
	}))
	t.Cleanup(hs.Close)
	c, err := NewClient(WithBaseURL(hs.URL), WithCompanyID("10086"), WithToken("tok-secret"))
	require.NoError(t, err)
	withAll := &operation{Name: "test.withTokenAndGroup", Group: groupTradeAPI, ReadOnly: true}
	bare := &operation{Name: "test.bare", NoToken: true, ReadOnly: true}
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		_, err := call[json.RawMessage](ctx, c, withAll, nil, nil)
		require.NoError(t, err)
		_, err = call[json.RawMessage](ctx, c, bare, nil, nil)
		require.NoError(t, err)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen["/test.withTokenAndGroup"], 20)
	require.Len(t, seen["/test.bare"], 20)
	for _, h := range seen["/test.withTokenAndGroup"] {
		assert.Equal(t, []string{"tok-secret"}, h.Values("token"))
		assert.Equal(t, []string{groupTradeAPI}, h.Values("group"))
		assert.Len(t, h.Values("trace"), 1)
	}
	for _, h := range seen["/test.bare"] {
		// Exactly the SDK's headers (and net/http's own), none of resty's.
		keys := slices.Sorted(maps.Keys(h))
		assert.Equal(t, []string{"Accept", "Accept-Encoding", "Companyid", "Content-Length", "Content-Type", "Lang", "Timestamp",
			"Trace", "User-Agent", "Version"}, keys)
		assert.Equal(t, "multimarkets-go/"+Version, h.Get("User-Agent"))
		assert.Empty(t, h.Values("token"), "no token from the previous request")
		assert.Empty(t, h.Values("group"), "no group from the previous request")
		assert.Len(t, h.Values("trace"), 1)
		assert.Len(t, h.Values("timestamp"), 1)
	}
}
