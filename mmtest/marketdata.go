package mmtest

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// Market data is answered from the spec's examples, with the requested
// codes and a deterministic price series. The tick and K-line operations
// read {"trace", "data"} from the query parameter; the batch K-line
// operations read it from the GET request's JSON body, the only place
// their spec gives for it.

func init() {
	for _, api := range []string{"quote-b-api/", "quote-stock-b-api/"} {
		addOp(&opSpec{name: api + "depth-tick", market: true, handle: (*Server).depthTick})
		addOp(&opSpec{name: api + "trade-tick", market: true, handle: (*Server).tradeTick})
		addOp(&opSpec{name: api + "kline", market: true, handle: (*Server).kline})
		addOp(&opSpec{name: api + "batch-kline", market: true, handle: (*Server).batchKline})
	}
}

// symbolCodes reads data.symbol_list: [{"code": "…"}], at least one.
func symbolCodes(r *request) ([]string, *apiError) {
	if !r.has("symbol_list") {
		return nil, r.missingErr()
	}
	var list []struct {
		Code *string `json:"code"`
	}
	if e := r.decode("symbol_list", &list); e != nil {
		return nil, e
	}
	if len(list) == 0 {
		return nil, r.missingErr()
	}
	codes := make([]string, len(list))
	for i, c := range list {
		if c.Code == nil || *c.Code == "" {
			return nil, r.missingErr()
		}
		codes[i] = *c.Code
	}
	return codes, nil
}

func (s *Server) depthTick(r *request) (any, *apiError) {
	codes, e := symbolCodes(r)
	if e != nil {
		return nil, e
	}
	ticks := make([]map[string]any, len(codes))
	for i, c := range codes {
		ticks[i] = map[string]any{
			"code": c, "seq": strconv.Itoa(30686349 + i), "tick_time": "1677830357227",
			"bids": []map[string]string{{"price": "136.424", "volume": "100000.00"}, {"price": "136.420", "volume": "250000.00"}},
			"asks": []map[string]string{{"price": "136.427", "volume": "400000.00"}},
		}
	}
	return map[string]any{"tick_list": ticks}, nil
}

func (s *Server) tradeTick(r *request) (any, *apiError) {
	codes, e := symbolCodes(r)
	if e != nil {
		return nil, e
	}
	ticks := make([]map[string]any, len(codes))
	for i, c := range codes {
		ticks[i] = map[string]any{
			"code": c, "seq": strconv.Itoa(30841439 + i), "tick_time": "1677831545217",
			"price": "136.302", "volume": "0", "turnover": "0", "trade_direction": i % 3,
		}
	}
	return map[string]any{"tick_list": ticks}, nil
}

// klinePeriods are the seconds of each documented kline_type (months as 30 days).
var klinePeriods = map[int64]int64{1: 60, 2: 300, 3: 900, 4: 1800, 5: 3600, 6: 7200, 7: 14400, 8: 86400, 9: 604800, 10: 2592000}

// klineQuery reads one K-line query: code (string), kline_type,
// kline_timestamp_end, query_kline_num and adjust_type (integers), all
// required as the batch schema says, and answers the K-lines.
func (s *Server) klineQuery(r *request) (map[string]any, *apiError) {
	code, e := r.str("code", true)
	if e != nil {
		return nil, e
	}
	kt, _, e := r.integer("kline_type", true)
	if e != nil {
		return nil, e
	}
	end, _, e := r.integer("kline_timestamp_end", true)
	if e != nil {
		return nil, e
	}
	num, _, e := r.integer("query_kline_num", true)
	if e != nil {
		return nil, e
	}
	adj, _, e := r.integer("adjust_type", true)
	if e != nil {
		return nil, e
	}
	period, ok := klinePeriods[kt]
	if !ok || code == "" || num < 1 || num > 1000 || end < 0 || (adj != 0 && adj != 1) {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	if end == 0 {
		end = s.clock().Unix()
	}
	last := end - end%period
	bars := make([]map[string]string, num)
	for i := int64(0); i < num; i++ {
		ts := last - (num-1-i)*period
		base := 136400 + (ts/period)%50
		bars[i] = map[string]string{
			"timestamp": strconv.FormatInt(ts, 10), "open_price": milli(base), "close_price": milli(base - 9),
			"high_price": milli(base + 1), "low_price": milli(base - 14), "volume": "0", "turnover": "0",
		}
	}
	return map[string]any{"code": code, "kline_type": kt, "kline_list": bars}, nil
}

// milli prints n/1000 with three decimals ("136.421").
func milli(n int64) string {
	s := strconv.FormatInt(n, 10)
	return s[:len(s)-3] + "." + s[len(s)-3:]
}

func (s *Server) kline(r *request) (any, *apiError) {
	return s.klineQuery(r)
}

// batchKline reads {"trace": …, "data": {"data_list": [query…]}} from the
// body. One query answers the schema's single object; several answer a
// list of them.
func (s *Server) batchKline(r *request) (any, *apiError) {
	raw, err := io.ReadAll(io.LimitReader(r.http.Body, 1<<20))
	if err != nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil, errCode("GGATEWAY_CODE_006")
	}
	var body struct {
		Trace *string `json:"trace"`
		Data  *struct {
			DataList []map[string]json.RawMessage `json:"data_list"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, errCode("GGATEWAY_CODE_015")
	}
	if body.Trace == nil || body.Data == nil || len(body.Data.DataList) == 0 {
		return nil, r.missingErr()
	}
	r.trace = *body.Trace
	out := make([]map[string]any, 0, len(body.Data.DataList))
	for _, item := range body.Data.DataList {
		sub := &request{srv: s, op: r.op, http: r.http, trace: r.trace, body: item, token: r.token}
		k, e := s.klineQuery(sub)
		if e != nil {
			return nil, e
		}
		out = append(out, k)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}
