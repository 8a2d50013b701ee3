package multimarkets

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// MarketService reads market data: order-book depth, latest trades and
// K-lines ("candles"), for crypto and forex products (quote-b-api) and for
// stocks (the Stock… methods, quote-stock-b-api). These calls are GET
// requests with the token and a JSON query in the URL (the batch K-line
// calls send the query as a JSON body) and answer {ret, msg, trace, data};
// the SDK handles both, and errors are the same types as everywhere else
// (an *APIError's Code is the ret number, e.g. "400").
type MarketService service

var (
	opDepthTick       = defineOp(&operation{Name: "quote-b-api/depth-tick", Market: true, ReadOnly: true})
	opStockDepthTick  = defineOp(&operation{Name: "quote-stock-b-api/depth-tick", Market: true, ReadOnly: true})
	opTradeTick       = defineOp(&operation{Name: "quote-b-api/trade-tick", Market: true, ReadOnly: true})
	opStockTradeTick  = defineOp(&operation{Name: "quote-stock-b-api/trade-tick", Market: true, ReadOnly: true})
	opKline           = defineOp(&operation{Name: "quote-b-api/kline", Market: true, ReadOnly: true})
	opBatchKline      = defineOp(&operation{Name: "quote-b-api/batch-kline", Market: true, MarketBody: true, ReadOnly: true})
	opStockKline      = defineOp(&operation{Name: "quote-stock-b-api/kline", Market: true, ReadOnly: true})
	opStockBatchKline = defineOp(&operation{Name: "quote-stock-b-api/batch-kline", Market: true, MarketBody: true, ReadOnly: true})
)

// maxKlinesPerRequest is the documented limit of query_kline_num.
const maxKlinesPerRequest = 1000

// KlineType is a K-line's period.
type KlineType int

// The documented K-line periods.
const (
	Kline1Min   KlineType = 1  // 1 minute
	Kline5Min   KlineType = 2  // 5 minutes
	Kline15Min  KlineType = 3  // 15 minutes
	Kline30Min  KlineType = 4  // 30 minutes
	Kline1Hour  KlineType = 5  // 1 hour
	Kline2Hour  KlineType = 6  // 2 hours
	Kline4Hour  KlineType = 7  // 4 hours
	Kline1Day   KlineType = 8  // 1 day
	Kline1Week  KlineType = 9  // 1 week
	Kline1Month KlineType = 10 // 1 month
)

var klineTypeNames = map[KlineType]string{
	Kline1Min: "1m", Kline5Min: "5m", Kline15Min: "15m", Kline30Min: "30m", Kline1Hour: "1h",
	Kline2Hour: "2h", Kline4Hour: "4h", Kline1Day: "1d", Kline1Week: "1w", Kline1Month: "1M",
}

// Valid reports whether t is a documented period.
func (t KlineType) Valid() bool { return t >= Kline1Min && t <= Kline1Month }

// String returns the period's short name ("1m", "4h", "1d", "1M", …).
func (t KlineType) String() string { return enumName(klineTypeNames, t) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (t *KlineType) UnmarshalJSON(b []byte) error { return decodeEnum(t, b) }

// KlineAdjustType is the price adjustment of stock K-lines.
type KlineAdjustType int

// The documented adjustments (stocks only).
const (
	KlineExRights        KlineAdjustType = 0 // ex-rights (no adjustment)
	KlineForwardAdjusted KlineAdjustType = 1 // pre-adjusted (forward)
)

var klineAdjustTypeNames = map[KlineAdjustType]string{
	KlineExRights:        "ex-rights",
	KlineForwardAdjusted: "forward",
}

// String returns "ex-rights" or "forward".
func (a KlineAdjustType) String() string { return enumName(klineAdjustTypeNames, a) }

// UnmarshalJSON accepts 1, "1", "" and null (0).
func (a *KlineAdjustType) UnmarshalJSON(b []byte) error { return decodeEnum(a, b) }

// TicksParams names the products whose latest quotes or trades to read.
type TicksParams struct {
	// Codes are the products' market codes, e.g. "GBPJPY" or "857.HK".
	// Required, at least one.
	Codes []string
}

// Validate checks the params; the tick methods call it before sending.
func (p *TicksParams) Validate() error {
	if len(p.Codes) == 0 {
		return &ValidationError{Field: "TicksParams.Codes", Rule: "at least one code"}
	}
	for _, c := range p.Codes {
		if strings.TrimSpace(c) == "" {
			return &ValidationError{Field: "TicksParams.Codes", Rule: "codes must not be empty"}
		}
	}
	return nil
}

type symbolCode struct {
	Code string `json:"code"`
}

type ticksBody struct {
	SymbolList []symbolCode `json:"symbol_list"`
}

func (p *TicksParams) body() ticksBody {
	b := ticksBody{SymbolList: make([]symbolCode, len(p.Codes))}
	for i, c := range p.Codes {
		b.SymbolList[i] = symbolCode{Code: c}
	}
	return b
}

// PriceLevel is one level of an order book.
type PriceLevel struct {
	// Price is the level's price.
	Price  Decimal `json:"price"`
	Volume Decimal `json:"volume"` // quantity offered at Price
}

// DepthTick is a product's latest order book.
type DepthTick struct {
	// Code is the product's market code.
	Code string `json:"code"`
	// Seq is the quote's sequence number.
	Seq string `json:"seq"`
	// Time is when the quote was made.
	Time MilliTime `json:"tick_time"`
	// Bids are the buy levels, best first.
	Bids []PriceLevel `json:"bids"`
	// Asks are the sell levels, best first.
	Asks []PriceLevel `json:"asks"`
}

// TradeTick is a product's latest trade.
type TradeTick struct {
	// Code is the product's market code.
	Code string `json:"code"`
	// Seq is the trade's sequence number.
	Seq string `json:"seq"`
	// Time is when the trade happened.
	Time MilliTime `json:"tick_time"`
	// Price is the trade's price.
	Price    Decimal `json:"price"`
	Volume   Decimal `json:"volume"`   // quantity traded
	Turnover Decimal `json:"turnover"` // amount (value) traded
	// Direction is the aggressor's side (DirectionUnknown when not given).
	Direction Direction `json:"trade_direction"`
}

type depthTicks struct {
	Ticks []DepthTick `json:"tick_list"`
}

type tradeTicks struct {
	Ticks []TradeTick `json:"tick_list"`
}

// ListDepthTicks reads the latest order books of crypto and forex products
// (GET quote-b-api/depth-tick).
//
//mm:op quote-b-api/depth-tick
func (s *MarketService) ListDepthTicks(ctx context.Context, p *TicksParams, opts ...RequestOption) ([]DepthTick, error) {
	return s.depth(ctx, opDepthTick, p, opts)
}

// ListStockDepthTicks reads the latest order books of stocks
// (GET quote-stock-b-api/depth-tick).
//
//mm:op quote-stock-b-api/depth-tick
func (s *MarketService) ListStockDepthTicks(ctx context.Context, p *TicksParams, opts ...RequestOption) ([]DepthTick, error) {
	return s.depth(ctx, opStockDepthTick, p, opts)
}

func (s *MarketService) depth(ctx context.Context, op *operation, p *TicksParams, opts []RequestOption) ([]DepthTick, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, op, &ValidationError{Field: "TicksParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, op, err)
	}
	d, err := call[depthTicks](ctx, s.client, op, p.body(), opts)
	return d.Ticks, err
}

// ListTradeTicks reads the latest trades of crypto and forex products
// (GET quote-b-api/trade-tick).
//
//mm:op quote-b-api/trade-tick
func (s *MarketService) ListTradeTicks(ctx context.Context, p *TicksParams, opts ...RequestOption) ([]TradeTick, error) {
	return s.trades(ctx, opTradeTick, p, opts)
}

// ListStockTradeTicks reads the latest trades of stocks
// (GET quote-stock-b-api/trade-tick).
//
//mm:op quote-stock-b-api/trade-tick
func (s *MarketService) ListStockTradeTicks(ctx context.Context, p *TicksParams, opts ...RequestOption) ([]TradeTick, error) {
	return s.trades(ctx, opStockTradeTick, p, opts)
}

func (s *MarketService) trades(ctx context.Context, op *operation, p *TicksParams, opts []RequestOption) ([]TradeTick, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, op, &ValidationError{Field: "TicksParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, op, err)
	}
	d, err := call[tradeTicks](ctx, s.client, op, p.body(), opts)
	return d.Ticks, err
}

// KlineParams asks for the latest K-lines of one product.
type KlineParams struct {
	// Code is the product's market code, e.g. "GBPJPY". Required.
	Code string
	// Type is the period. Required.
	Type KlineType
	// End is the time to read back from (sent in Unix seconds); zero means
	// now. Not used for stocks.
	End time.Time
	// Count is the number of K-lines, 1 to 1000. Required.
	Count int
	// Adjust is the price adjustment (stocks only).
	Adjust KlineAdjustType
}

// validate checks the params; field is the name used in errors.
func (p *KlineParams) validate(field string) error {
	if strings.TrimSpace(p.Code) == "" {
		return &ValidationError{Field: field + ".Code", Rule: "required"}
	}
	if !p.Type.Valid() {
		return &ValidationError{Field: field + ".Type", Rule: "a documented period, Kline1Min … Kline1Month"}
	}
	if p.Count < 1 || p.Count > maxKlinesPerRequest {
		return &ValidationError{Field: field + ".Count", Rule: "1 to 1000"}
	}
	if p.Adjust != KlineExRights && p.Adjust != KlineForwardAdjusted {
		return &ValidationError{Field: field + ".Adjust", Rule: "KlineExRights or KlineForwardAdjusted"}
	}
	if !p.End.IsZero() && p.End.Unix() <= 0 {
		return &ValidationError{Field: field + ".End", Rule: "after 1970 (zero: now)"}
	}
	return nil
}

// Validate checks the params; the K-line methods call it before sending.
func (p *KlineParams) Validate() error { return p.validate("KlineParams") }

// klineBody is the wire form; the batch schema marks every field required,
// so none is omitted.
type klineBody struct {
	Code         string `json:"code"`
	KlineType    int    `json:"kline_type"`
	TimestampEnd int64  `json:"kline_timestamp_end"`
	Num          int    `json:"query_kline_num"`
	AdjustType   int    `json:"adjust_type"`
}

func (p *KlineParams) body() klineBody {
	var end int64
	if !p.End.IsZero() {
		end = p.End.Unix()
	}
	return klineBody{Code: p.Code, KlineType: int(p.Type), TimestampEnd: end, Num: p.Count, AdjustType: int(p.Adjust)}
}

// Kline is one K-line (candle).
type Kline struct {
	// Timestamp is the K-line's start in Unix seconds (see Time).
	Timestamp FlexInt64 `json:"timestamp"`
	// Open is the period's opening price.
	Open  Decimal `json:"open_price"`
	Close Decimal `json:"close_price"` // closing price
	High  Decimal `json:"high_price"`  // highest price
	Low   Decimal `json:"low_price"`   // lowest price
	// Volume is the quantity traded in the period.
	Volume   Decimal `json:"volume"`
	Turnover Decimal `json:"turnover"` // amount (value) traded in the period
}

// Time returns the K-line's start.
func (k Kline) Time() time.Time { return time.Unix(int64(k.Timestamp), 0).UTC() }

// Klines are one product's K-lines of one period, oldest first as the
// server sends them.
type Klines struct {
	// Code is the product's market code.
	Code string
	// Type is the period.
	Type KlineType
	// Bars are the K-lines.
	Bars []Kline
}

// UnmarshalJSON reads {code, kline_type, kline_list}; the bars may also
// come as kline_data (the form some quote servers use in batch answers).
func (k *Klines) UnmarshalJSON(b []byte) error {
	var w struct {
		Code      string    `json:"code"`
		KlineType KlineType `json:"kline_type"`
		List      []Kline   `json:"kline_list"`
		Data      []Kline   `json:"kline_data"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*k = Klines{Code: w.Code, Type: w.KlineType, Bars: w.List}
	if k.Bars == nil {
		k.Bars = w.Data
	}
	return nil
}

// GetKlines reads a crypto or forex product's K-lines (GET quote-b-api/kline).
//
//mm:op quote-b-api/kline
func (s *MarketService) GetKlines(ctx context.Context, p *KlineParams, opts ...RequestOption) (*Klines, error) {
	return s.klines(ctx, opKline, p, opts)
}

// GetStockKlines reads a stock's K-lines (GET quote-stock-b-api/kline).
//
//mm:op quote-stock-b-api/kline
func (s *MarketService) GetStockKlines(ctx context.Context, p *KlineParams, opts ...RequestOption) (*Klines, error) {
	return s.klines(ctx, opStockKline, p, opts)
}

func (s *MarketService) klines(ctx context.Context, op *operation, p *KlineParams, opts []RequestOption) (*Klines, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, op, &ValidationError{Field: "KlineParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, op, err)
	}
	k, err := call[Klines](ctx, s.client, op, p.body(), opts)
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// BatchKlineParams asks for the K-lines of several products (or periods)
// in one request.
type BatchKlineParams struct {
	// Queries are the K-line queries. Required, at least one.
	Queries []KlineParams
}

// Validate checks every query; the batch methods call it before sending.
func (p *BatchKlineParams) Validate() error {
	if len(p.Queries) == 0 {
		return &ValidationError{Field: "BatchKlineParams.Queries", Rule: "at least one query"}
	}
	for i := range p.Queries {
		if err := p.Queries[i].validate("BatchKlineParams.Queries[" + strconv.Itoa(i) + "]"); err != nil {
			return err
		}
	}
	return nil
}

type batchKlineBody struct {
	DataList []klineBody `json:"data_list"`
}

// batchKlines reads a batch answer. The schema shows a single product's
// {code, kline_type, kline_list}; a list of those, and
// {kline_list: [{code, kline_type, kline_data}]}, are read too.
type batchKlines []Klines

// UnmarshalJSON accepts the three batch answer forms and null.
func (l *batchKlines) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*l = nil
		return nil
	case b[0] == '[':
		var many []Klines
		if err := json.Unmarshal(b, &many); err != nil {
			return err
		}
		*l = many
		return nil
	}
	var probe struct {
		Code string            `json:"code"`
		List []json.RawMessage `json:"kline_list"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if probe.Code == "" && len(probe.List) > 0 {
		var first map[string]json.RawMessage
		if json.Unmarshal(probe.List[0], &first) == nil {
			_, nested := first["kline_data"]
			_, hasCode := first["code"]
			if nested || hasCode {
				var many []Klines
				for _, raw := range probe.List {
					var k Klines
					if err := json.Unmarshal(raw, &k); err != nil {
						return err
					}
					many = append(many, k)
				}
				*l = many
				return nil
			}
		}
	}
	var one Klines
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = batchKlines{one}
	return nil
}

// ListKlines reads the K-lines of several crypto or forex products in one
// request (GET quote-b-api/batch-kline). As the spec says, the query goes
// in a JSON body {"trace", "data": {"data_list": […]}} of the GET request,
// with the token in the URL.
//
//mm:op quote-b-api/batch-kline
func (s *MarketService) ListKlines(ctx context.Context, p *BatchKlineParams, opts ...RequestOption) ([]Klines, error) {
	return s.batch(ctx, opBatchKline, p, opts)
}

// ListStockKlines reads the K-lines of several stocks in one request
// (GET quote-stock-b-api/batch-kline, query in a JSON body as for
// ListKlines).
//
//mm:op quote-stock-b-api/batch-kline
func (s *MarketService) ListStockKlines(ctx context.Context, p *BatchKlineParams, opts ...RequestOption) ([]Klines, error) {
	return s.batch(ctx, opStockBatchKline, p, opts)
}

func (s *MarketService) batch(ctx context.Context, op *operation, p *BatchKlineParams, opts []RequestOption) ([]Klines, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, op, &ValidationError{Field: "BatchKlineParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, op, err)
	}
	body := batchKlineBody{DataList: make([]klineBody, len(p.Queries))}
	for i := range p.Queries {
		body.DataList[i] = p.Queries[i].body()
	}
	l, err := call[batchKlines](ctx, s.client, op, body, opts)
	return []Klines(l), err
}
