package multimarkets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// captureTransport records every request (with its body) before sending it on.
type captureTransport struct {
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var b []byte
	if r.Body != nil {
		b, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	c.mu.Lock()
	c.reqs, c.body = append(c.reqs, r), append(c.body, b)
	c.mu.Unlock()
	return testTransport.RoundTrip(r)
}

func TestMarketQueryEncoding(t *testing.T) {
	t.Parallel()
	capt := &captureTransport{}
	srv, _ := newFake(t, nil)
	c := fakeClient(t, srv, multimarkets.WithToken(srv.Token), multimarkets.WithTransport(capt))
	_, err := c.Market.ListDepthTicks(context.Background(), &multimarkets.TicksParams{Codes: []string{"GBPJPY", "857.HK"}},
		multimarkets.WithTrace("trace with spaces & +plus"))
	require.NoError(t, err)
	r := capt.reqs[0]
	require.EqualValues(t, http.MethodGet, r.Method, "%s %s body %q", r.Method, r.URL.Path, capt.body[0])
	require.EqualValues(t, "/openapi-b/quote-b-api/depth-tick", r.URL.Path, "%s %s body %q", r.Method, r.URL.Path, capt.body[0])
	require.Empty(t, capt.body[0], "%s %s body %q", r.Method, r.URL.Path, capt.body[0])
	q := r.URL.Query()
	require.EqualValues(t, srv.Token, q.Get("token"), "token %q", q.Get("token"))
	var query struct {
		Trace string `json:"trace"`
		Data  struct {
			SymbolList []struct {
				Code string `json:"code"`
			} `json:"symbol_list"`
		} `json:"data"`
	}
	err = json.Unmarshal([]byte(q.Get("query")), &query)
	require.NoError(t, err, "query %q: %v", q.Get("query"), err)
	require.EqualValues(t, "trace with spaces & +plus", query.Trace, "query %+v", query)
	require.Len(t, query.Data.SymbolList, 2, "query %+v", query)
	require.EqualValues(t, "857.HK", query.Data.SymbolList[1].Code, "query %+v", query)
}

func TestMarketBatchKlineSendsBody(t *testing.T) {
	t.Parallel()
	capt := &captureTransport{}
	srv, _ := newFake(t, nil)
	c := fakeClient(t, srv, multimarkets.WithToken(srv.Token), multimarkets.WithTransport(capt))
	_, err := c.Market.ListKlines(context.Background(), &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{
		{Code: "EURJPY", Type: multimarkets.Kline1Min, Count: 2}, {Code: "USDJPY", Type: multimarkets.Kline1Min, Count: 2},
	}}, multimarkets.WithTrace("batch-trace"))
	require.NoError(t, err)
	r := capt.reqs[0]
	require.EqualValues(t, http.MethodGet, r.Method, "%s %s", r.Method, r.URL)
	require.EqualValues(t, srv.Token, r.URL.Query().Get("token"), "%s %s", r.Method, r.URL)
	require.False(t, r.URL.Query().Has("query"), "%s %s", r.Method, r.URL)
	var body struct {
		Trace string `json:"trace"`
		Data  struct {
			DataList []map[string]any `json:"data_list"`
		} `json:"data"`
	}
	err = json.Unmarshal(capt.body[0], &body)
	require.NoError(t, err)
	want := map[string]any{"code": "EURJPY", "kline_type": 1.0, "kline_timestamp_end": 0.0, "query_kline_num": 2.0, "adjust_type": 0.0}
	got := body.Data.DataList[0]
	require.EqualValues(t, "batch-trace", body.Trace, "body %s", capt.body[0])
	require.Len(t, body.Data.DataList, 2, "body %s", capt.body[0])
	require.Len(t, got, len(want), "body %s", capt.body[0])
	for k, v := range want {
		require.EqualValues(t, v, got[k], "%s = %v, want %v", k, got[k], v)
	}
}

func TestMarketTicks(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	codes := &multimarkets.TicksParams{Codes: []string{"GBPJPY", "CADJPY"}}
	for name, fn := range map[string]func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.DepthTick, error){
		"quote-b-api/depth-tick": c.Market.ListDepthTicks, "quote-stock-b-api/depth-tick": c.Market.ListStockDepthTicks,
	} {
		ticks, err := fn(ctx, codes)
		require.NoError(t, err, "%s: %v", name, err)
		require.Len(t, ticks, 2, "%s: %+v", name, ticks)
		require.EqualValues(t, "CADJPY", ticks[1].Code, "%s: %+v", name, ticks)
		require.EqualValues(t, "136.424", ticks[0].Bids[0].Price.String(), "%s: %+v", name, ticks)
		require.EqualValues(t, "400000.00", ticks[0].Asks[0].Volume.String(), "%s: %+v", name, ticks)
		require.EqualValues(t, int64(1677830357227), ticks[0].Time.UnixMilli(), "%s: %+v", name, ticks)
		require.EqualValues(t, 1, srv.Requests(name), "%s: %d requests", name, srv.Requests(name))
	}
	for name, fn := range map[string]func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.TradeTick, error){
		"quote-b-api/trade-tick": c.Market.ListTradeTicks, "quote-stock-b-api/trade-tick": c.Market.ListStockTradeTicks,
	} {
		ticks, err := fn(ctx, codes)
		require.NoError(t, err, "%s: %v", name, err)
		require.Len(t, ticks, 2, "%s: %+v", name, ticks)
		require.EqualValues(t, "136.302", ticks[0].Price.String(), "%s: %+v", name, ticks)
		require.EqualValues(t, multimarkets.Buy, ticks[1].Direction, "%s: %+v", name, ticks)
		require.EqualValues(t, "unknown", ticks[0].Direction.String(), "%s: %+v", name, ticks)
	}
	// Refusal: a bad token gives the {ret} envelope's error as an APIError.
	bad := fakeClient(t, srv, multimarkets.WithToken("nope"))
	_, err := bad.Market.ListTradeTicks(ctx, codes)
	var apiErr *multimarkets.APIError
	require.ErrorAs(t, err, &apiErr, "bad token: %v", err)
	require.EqualValues(t, "400", apiErr.Code, "bad token: %v", err)
}

func TestMarketKlines(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	end := time.Unix(1677829260, 0)
	for name, fn := range map[string]func(context.Context, *multimarkets.KlineParams, ...multimarkets.RequestOption) (*multimarkets.Klines, error){
		"quote-b-api/kline": c.Market.GetKlines, "quote-stock-b-api/kline": c.Market.GetStockKlines,
	} {
		k, err := fn(ctx, &multimarkets.KlineParams{Code: "GBPJPY", Type: multimarkets.Kline1Min, End: end, Count: 3})
		require.NoError(t, err, "%s: %v", name, err)
		require.EqualValues(t, "GBPJPY", k.Code, "%s: %+v", name, k)
		require.EqualValues(t, multimarkets.Kline1Min, k.Type, "%s: %+v", name, k)
		require.Len(t, k.Bars, 3, "%s: %+v", name, k)
		require.True(t, k.Bars[2].Time().Equal(end), "%s: %+v", name, k)
		require.False(t, k.Bars[0].High.Cmp(k.Bars[0].Low) <= 0, "%s: %+v", name, k)
	}
	for name, fn := range map[string]func(context.Context, *multimarkets.BatchKlineParams, ...multimarkets.RequestOption) ([]multimarkets.Klines, error){
		"quote-b-api/batch-kline": c.Market.ListKlines, "quote-stock-b-api/batch-kline": c.Market.ListStockKlines,
	} {
		one, err := fn(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{{Code: "EURJPY", Type: multimarkets.Kline1Day, Count: 2}}})
		require.NoError(t, err, "%s single: %+v, %v", name, one, err)
		require.Len(t, one, 1, "%s single: %+v, %v", name, one, err)
		require.EqualValues(t, "EURJPY", one[0].Code, "%s single: %+v, %v", name, one, err)
		require.Len(t, one[0].Bars, 2, "%s single: %+v, %v", name, one, err)
		two, err := fn(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{
			{Code: "EURJPY", Type: multimarkets.Kline1Day, Count: 2}, {Code: "USDJPY", Type: multimarkets.Kline1Hour, Count: 5, Adjust: multimarkets.KlineForwardAdjusted},
		}})
		require.NoError(t, err, "%s pair: %+v, %v", name, two, err)
		require.Len(t, two, 2, "%s pair: %+v, %v", name, two, err)
		require.EqualValues(t, "USDJPY", two[1].Code, "%s pair: %+v, %v", name, two, err)
		require.EqualValues(t, multimarkets.Kline1Hour, two[1].Type, "%s pair: %+v, %v", name, two, err)
		require.Len(t, two[1].Bars, 5, "%s pair: %+v, %v", name, two, err)
	}
	srv.InjectFault("quote-b-api/kline", mmtest.Code("GGATEWAY_CODE_015"))
	_, err := c.Market.GetKlines(ctx, &multimarkets.KlineParams{Code: "GBPJPY", Type: 1, Count: 1})
	require.ErrorIs(t, err, multimarkets.ErrInvalidRequest, "refused: %v", err)
}

func TestMarketValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	kline := func(p *multimarkets.KlineParams) func() error {
		return func() error { _, err := c.Market.GetKlines(ctx, p); return err }
	}
	tests := []struct {
		field, op string
		call      func() error
	}{
		{"TicksParams", "quote-b-api/depth-tick", func() error { _, err := c.Market.ListDepthTicks(ctx, nil); return err }},
		{"TicksParams.Codes", "quote-b-api/depth-tick", func() error { _, err := c.Market.ListDepthTicks(ctx, &multimarkets.TicksParams{}); return err }},
		{"TicksParams.Codes", "quote-stock-b-api/trade-tick", func() error {
			_, err := c.Market.ListStockTradeTicks(ctx, &multimarkets.TicksParams{Codes: []string{"A", " "}})
			return err
		}},
		{"KlineParams.Code", "quote-b-api/kline", kline(&multimarkets.KlineParams{Type: 1, Count: 1})},
		{"KlineParams.Type", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 11, Count: 1})},
		{"KlineParams.Count", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1001})},
		{"KlineParams.Count", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1})},
		{"KlineParams.Adjust", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1, Adjust: 2})},
		{"KlineParams.End", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1, End: time.Unix(-5, 0)})},
		{"BatchKlineParams.Queries", "quote-b-api/batch-kline", func() error {
			_, err := c.Market.ListKlines(ctx, &multimarkets.BatchKlineParams{})
			return err
		}},
		{"BatchKlineParams.Queries[1].Count", "quote-stock-b-api/batch-kline", func() error {
			_, err := c.Market.ListStockKlines(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{{Code: "A", Type: 1, Count: 1}, {Code: "B", Type: 1}}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			err := tt.call()
			var ve *multimarkets.ValidationError
			require.ErrorAs(t, err, &ve, "err = %v, want ValidationError on %s", err, tt.field)
			require.EqualValues(t, tt.field, ve.Field, "err = %v, want ValidationError on %s", err, tt.field)
			n := srv.Requests(tt.op)
			require.EqualValues(t, 0, n, "%d requests sent", n)
		})
	}
}
