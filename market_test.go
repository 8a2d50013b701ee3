package multimarkets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

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
	return http.DefaultTransport.RoundTrip(r)
}

func TestMarketQueryEncoding(t *testing.T) {
	capt := &captureTransport{}
	srv, c := fake4b(t, multimarkets.WithTransport(capt))
	_, err := c.Market.DepthTicks(context.Background(), &multimarkets.TicksParams{Codes: []string{"GBPJPY", "857.HK"}},
		multimarkets.WithTrace("trace with spaces & +plus"))
	if err != nil {
		t.Fatal(err)
	}
	r := capt.reqs[0]
	if r.Method != http.MethodGet || r.URL.Path != "/openapi-b/quote-b-api/depth-tick" || len(capt.body[0]) != 0 {
		t.Fatalf("%s %s body %q", r.Method, r.URL.Path, capt.body[0])
	}
	q := r.URL.Query()
	if q.Get("token") != srv.Token {
		t.Fatalf("token %q", q.Get("token"))
	}
	var query struct {
		Trace string `json:"trace"`
		Data  struct {
			SymbolList []struct {
				Code string `json:"code"`
			} `json:"symbol_list"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(q.Get("query")), &query); err != nil {
		t.Fatalf("query %q: %v", q.Get("query"), err)
	}
	if query.Trace != "trace with spaces & +plus" || len(query.Data.SymbolList) != 2 || query.Data.SymbolList[1].Code != "857.HK" {
		t.Fatalf("query %+v", query)
	}
}

func TestMarketBatchKlineSendsBody(t *testing.T) {
	capt := &captureTransport{}
	srv, c := fake4b(t, multimarkets.WithTransport(capt))
	_, err := c.Market.BatchKlines(context.Background(), &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{
		{Code: "EURJPY", Type: multimarkets.Kline1Min, Count: 2}, {Code: "USDJPY", Type: multimarkets.Kline1Min, Count: 2},
	}}, multimarkets.WithTrace("batch-trace"))
	if err != nil {
		t.Fatal(err)
	}
	r := capt.reqs[0]
	if r.Method != http.MethodGet || r.URL.Query().Get("token") != srv.Token || r.URL.Query().Has("query") {
		t.Fatalf("%s %s", r.Method, r.URL)
	}
	var body struct {
		Trace string `json:"trace"`
		Data  struct {
			DataList []map[string]any `json:"data_list"`
		} `json:"data"`
	}
	if err := json.Unmarshal(capt.body[0], &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"code": "EURJPY", "kline_type": 1.0, "kline_timestamp_end": 0.0, "query_kline_num": 2.0, "adjust_type": 0.0}
	got := body.Data.DataList[0]
	if body.Trace != "batch-trace" || len(body.Data.DataList) != 2 || len(got) != len(want) {
		t.Fatalf("body %s", capt.body[0])
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestMarketTicks(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	codes := &multimarkets.TicksParams{Codes: []string{"GBPJPY", "CADJPY"}}
	for name, fn := range map[string]func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.DepthTick, error){
		"quote-b-api/depth-tick": c.Market.DepthTicks, "quote-stock-b-api/depth-tick": c.Market.StockDepthTicks,
	} {
		ticks, err := fn(ctx, codes)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ticks) != 2 || ticks[1].Code != "CADJPY" || ticks[0].Bids[0].Price.String() != "136.424" || ticks[0].Asks[0].Volume.String() != "400000.00" ||
			ticks[0].Time.UnixMilli() != 1677830357227 {
			t.Fatalf("%s: %+v", name, ticks)
		}
		if srv.Requests(name) != 1 {
			t.Fatalf("%s: %d requests", name, srv.Requests(name))
		}
	}
	for name, fn := range map[string]func(context.Context, *multimarkets.TicksParams, ...multimarkets.RequestOption) ([]multimarkets.TradeTick, error){
		"quote-b-api/trade-tick": c.Market.TradeTicks, "quote-stock-b-api/trade-tick": c.Market.StockTradeTicks,
	} {
		ticks, err := fn(ctx, codes)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(ticks) != 2 || ticks[0].Price.String() != "136.302" || ticks[1].Direction != multimarkets.Buy || ticks[0].Direction.String() != "unknown" {
			t.Fatalf("%s: %+v", name, ticks)
		}
	}
	// Refusal: a bad token gives the {ret} envelope's error as an APIError.
	bad, _ := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID), multimarkets.WithToken("nope"))
	_, err := bad.Market.TradeTicks(ctx, codes)
	var apiErr *multimarkets.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "400" {
		t.Fatalf("bad token: %v", err)
	}
}

func TestMarketKlines(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	end := time.Unix(1677829260, 0)
	for name, fn := range map[string]func(context.Context, *multimarkets.KlineParams, ...multimarkets.RequestOption) (*multimarkets.Klines, error){
		"quote-b-api/kline": c.Market.Klines, "quote-stock-b-api/kline": c.Market.StockKlines,
	} {
		k, err := fn(ctx, &multimarkets.KlineParams{Code: "GBPJPY", Type: multimarkets.Kline1Min, End: end, Count: 3})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if k.Code != "GBPJPY" || k.Type != multimarkets.Kline1Min || len(k.Bars) != 3 || !k.Bars[2].Time().Equal(end) ||
			k.Bars[0].High.Cmp(k.Bars[0].Low) <= 0 {
			t.Fatalf("%s: %+v", name, k)
		}
	}
	for name, fn := range map[string]func(context.Context, *multimarkets.BatchKlineParams, ...multimarkets.RequestOption) ([]multimarkets.Klines, error){
		"quote-b-api/batch-kline": c.Market.BatchKlines, "quote-stock-b-api/batch-kline": c.Market.StockBatchKlines,
	} {
		one, err := fn(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{{Code: "EURJPY", Type: multimarkets.Kline1Day, Count: 2}}})
		if err != nil || len(one) != 1 || one[0].Code != "EURJPY" || len(one[0].Bars) != 2 {
			t.Fatalf("%s single: %+v, %v", name, one, err)
		}
		two, err := fn(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{
			{Code: "EURJPY", Type: multimarkets.Kline1Day, Count: 2}, {Code: "USDJPY", Type: multimarkets.Kline1Hour, Count: 5, Adjust: multimarkets.AdjustForward},
		}})
		if err != nil || len(two) != 2 || two[1].Code != "USDJPY" || two[1].Type != multimarkets.Kline1Hour || len(two[1].Bars) != 5 {
			t.Fatalf("%s pair: %+v, %v", name, two, err)
		}
	}
	srv.InjectFault("quote-b-api/kline", mmtest.Code("GGATEWAY_CODE_015"))
	if _, err := c.Market.Klines(ctx, &multimarkets.KlineParams{Code: "GBPJPY", Type: 1, Count: 1}); !errors.Is(err, multimarkets.ErrInvalidRequest) {
		t.Fatalf("refused: %v", err)
	}
}

func TestMarketValidation(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	kline := func(p *multimarkets.KlineParams) func() error {
		return func() error { _, err := c.Market.Klines(ctx, p); return err }
	}
	tests := []struct {
		field, op string
		call      func() error
	}{
		{"TicksParams", "quote-b-api/depth-tick", func() error { _, err := c.Market.DepthTicks(ctx, nil); return err }},
		{"TicksParams.Codes", "quote-b-api/depth-tick", func() error { _, err := c.Market.DepthTicks(ctx, &multimarkets.TicksParams{}); return err }},
		{"TicksParams.Codes", "quote-stock-b-api/trade-tick", func() error {
			_, err := c.Market.StockTradeTicks(ctx, &multimarkets.TicksParams{Codes: []string{"A", " "}})
			return err
		}},
		{"KlineParams.Code", "quote-b-api/kline", kline(&multimarkets.KlineParams{Type: 1, Count: 1})},
		{"KlineParams.Type", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 11, Count: 1})},
		{"KlineParams.Count", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1001})},
		{"KlineParams.Count", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1})},
		{"KlineParams.Adjust", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1, Adjust: 2})},
		{"KlineParams.End", "quote-b-api/kline", kline(&multimarkets.KlineParams{Code: "X", Type: 1, Count: 1, End: time.Unix(-5, 0)})},
		{"BatchKlineParams.Queries", "quote-b-api/batch-kline", func() error {
			_, err := c.Market.BatchKlines(ctx, &multimarkets.BatchKlineParams{})
			return err
		}},
		{"BatchKlineParams.Queries[1].Count", "quote-stock-b-api/batch-kline", func() error {
			_, err := c.Market.StockBatchKlines(ctx, &multimarkets.BatchKlineParams{Queries: []multimarkets.KlineParams{{Code: "A", Type: 1, Count: 1}, {Code: "B", Type: 1}}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			err := tt.call()
			var ve *multimarkets.ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field {
				t.Fatalf("err = %v, want ValidationError on %s", err, tt.field)
			}
			if n := srv.Requests(tt.op); n != 0 {
				t.Fatalf("%d requests sent", n)
			}
		})
	}
}
