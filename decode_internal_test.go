package multimarkets

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzMarketQuery checks that the market query parameter round-trips: the
// trace and data the SDK encodes are exactly what a server decodes from
// the URL.
func FuzzMarketQuery(f *testing.F) {
	f.Add("enim occaecat dolore esse voluptate", "GBPJPY")
	f.Add("x-7f3c-r2", "857.HK")
	f.Add("a&b=c+d%20e", "EUR/USD \u2028 \"quoted\"")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, trace, code string) {
		if !utf8.ValidString(trace) || !utf8.ValidString(code) {
			t.Skip() // JSON strings carry valid UTF-8 only
		}
		data, err := json.Marshal(map[string]any{"symbol_list": []map[string]string{{"code": code}}})
		require.NoError(t, err)
		q := marketQuery(trace, data)
		u, err := url.Parse("https://example.invalid/openapi-b/quote-b-api/depth-tick?" + url.Values{"token": {"t"}, "query": {q}}.Encode())
		require.NoError(t, err)
		var got struct {
			Trace string `json:"trace"`
			Data  struct {
				SymbolList []struct {
					Code string `json:"code"`
				} `json:"symbol_list"`
			} `json:"data"`
		}
		err = json.Unmarshal([]byte(u.Query().Get("query")), &got)
		require.NoError(t, err, "query %q does not decode: %v", u.Query().Get("query"), err)
		require.EqualValues(t, trace, got.Trace, "round trip: sent %q/%q, got %+v", trace, code, got)
		require.Len(t, got.Data.SymbolList, 1, "round trip: sent %q/%q, got %+v", trace, code, got)
		require.EqualValues(t, code, got.Data.SymbolList[0].Code, "round trip: sent %q/%q, got %+v", trace, code, got)
	})
}

// The spec's example payloads, verbatim where they contradict the schemas.
const (
	exampleDealObject = `{"orderId":1699,"fee":46768,"accountCurrency":null,"accountDigits":4,"alarmMargin":null,"symbolName":"BTC/USDT","convertFee":199998,
		"matchCompanyId":null,"pnl":null,"accountId":1004460,"companyId":463,"executePrice":4276400,"currentTradeAmount":10000000,"customerGroupId":1,
		"symbolId":706,"bizType":12,"dealId":1512,"baseCurrency":"BTC","convertFeeDigits":4,"customerId":281,"tradeType":5,"direction":1,
		"convertExchangeRate":42763.99,"updateTime":1705567915141,"symbolCode":null,"positionId":null,"createTime":1705567915141,"executeNum":0.02338415,
		"digits":2,"feeDigits":8,"customerNo":"86000280","executeTime":1705567918138}`
	exampleForcedOrder = `{"tradeVolume":"1.0","symbolId":2,"orderId":116130,"fee":"-16.980600","openOrClose":2,"openPrice":"1697.01","takeProfit":null,
		"positionId":2022081000376,"interest":"0.000000","openDirection":1,"stopLoss":null,"executePrice":"1698.06","digits":2,"symbolName":"ETH/USDT",
		"profit":"-1.050000","direction":1}`
	examplePosition = `{"symbolId":810,"orderId":21650935,"dealId":11971285,"canReduceMargin":"0.2493","openPrice":"5.540","remark":null,
		"takeProfitDecimal":"0.000","closeNum":0,"closeFee":"0.0000","takeProfit":"0","occupyTheMargin":"1.6620","interest":"0.0000",
		"closeVolume":0,"openVolume":1,"closeTime":0,"symbolName":"UNI/USDT_PRD","closeAccountDigits":4,"openTime":1669267968638,"profit":null,
		"tradeType":2,"direction":1,"singleMargin":"16620. 0000000000000000","margin":null,"openContractSize":1,"openMargin":"1.6620","openNum":1,
		"closeSymbolDigits":3,"openFee":"0.2770","stopLossDecimal":"0.000","volume":1,"openSymbolDigits":3,"accountId":1031768,"companyId":360,
		"positionId":2022112423089,"closeFreeDigits":null,"stopLoss":"0","minVolume":null,"marginSetType":"1","openAccountDigits":4,
		"closePrice":"0.0000","status":"1"}`
	exampleGroupProduct = `[{"customerGroupId":"3","symbolCode":"BINAN_ATOM_USDT","symbolId":695,"tradeTypeName":"Contract full position",
		"symbolName":"BINAN_ATOM_USDT","tradeType":1}]`
	exampleProductDetail = `[{"symbolId":2,"pointRatio":0,"customerGroupIds":"2,3,4,6,7,8,9,10,13,15,19,21,23,27,35,42,66,1011,1361","dealMode":1,
		"baseCurrency":null,"bidSpread":"0","labels":null,"enableShortLoan":0,"symbolGroupIds":"118","symbolCode":"USDCHF","fundId":null,"etf":false,
		"enableLongLoan":0,"dividend":0,"profitCurrency":null,"symbolName":"USD/CHF","sortNum":0,"symbolDigits":null,"askSpread":"0","tradeType":3}]`
	exampleKline = `{"code":"857.HK","kline_type":1,"kline_list":[{"timestamp":"1677829200","open_price":"136.421","close_price":"136.412",
		"high_price":"136.422","low_price":"136.407","volume":"0","turnover":"0"},{"timestamp":"1677829260","open_price":"136.412",
		"close_price":"136.401","high_price":"136.415","low_price":"136.397","volume":"0","turnover":"0"}]}`
)

func TestDecodeSpecExamples(t *testing.T) {
	t.Parallel()
	t.Run("deals by order ID: example object for the schema's list", func(t *testing.T) {
		var deals oneOrMany[Deal]
		err := json.Unmarshal([]byte(exampleDealObject), &deals)
		require.NoError(t, err)
		require.Len(t, deals, 1, "%+v", deals)
		require.EqualValues(t, "42764.00", deals[0].Price().String(), "%+v", deals)
		require.EqualValues(t, 0, deals[0].PositionID, "%+v", deals)
		require.True(t, deals[0].PnL().IsZero(), "%+v", deals)
		var list oneOrMany[Deal]
		err = json.Unmarshal([]byte("["+exampleDealObject+","+exampleDealObject+"]"), &list)
		require.NoError(t, err, "list: %d, %v", len(list), err)
		require.Len(t, list, 2, "list: %d, %v", len(list), err)
	})
	t.Run("forced order", func(t *testing.T) {
		var closed oneOrMany[ClosedPosition]
		err := json.Unmarshal([]byte(exampleForcedOrder), &closed)
		require.NoError(t, err)
		c := closed[0]
		require.EqualValues(t, "1.0", c.Volume.String(), "%+v", c)
		require.EqualValues(t, "-16.980600", c.Fee.String(), "%+v", c)
		require.EqualValues(t, int64(2022081000376), c.PositionID, "%+v", c)
		require.True(t, c.StopLoss.IsZero(), "%+v", c)
		require.EqualValues(t, Buy, c.OpenDirection, "%+v", c)
	})
	t.Run("cancel keys", func(t *testing.T) {
		for in, n := range map[string]int{`["CATS:PROORDER:1_1557311743581831168"]`: 1, `"CATS:PROORDER:1_1"`: 1, `null`: 0, `{}`: 0, `[]`: 0} {
			var keys oneOrMany[FlexString]
			err := json.Unmarshal([]byte(in), &keys)
			require.NoError(t, err, "%s: %v, %v", in, keys, err)
			require.Len(t, keys, n, "%s: %v, %v", in, keys, err)
		}
	})
	t.Run("position page: bare list and paged object", func(t *testing.T) {
		var bare pageData[Position]
		err := json.Unmarshal([]byte("["+examplePosition+"]"), &bare)
		require.NoError(t, err)
		p := bare.page(1, 20)
		pos := p.Items[0]
		require.EqualValues(t, 1, p.Total, "%+v %+v", p, pos)
		require.False(t, p.HasNext(), "%+v %+v", p, pos)
		require.EqualValues(t, PositionOpen, pos.Status, "%+v %+v", p, pos)
		require.EqualValues(t, "5.540", pos.OpenPrice.String(), "%+v %+v", p, pos)
		require.EqualValues(t, "1", pos.OpenVolume.String(), "%+v %+v", p, pos)
		require.True(t, pos.ClosedAt.IsZero(), "%+v %+v", p, pos)
		require.EqualValues(t, MarginByRatio, pos.MarginSetType, "%+v %+v", p, pos)
		require.True(t, pos.Profit.IsZero(), "%+v %+v", p, pos)
		require.EqualValues(t, 0, pos.CloseFeeDigits, "%+v %+v", p, pos)
		full := pageData[Position]{items: make([]Position, 20)}
		pg := full.page(2, 20)
		require.EqualValues(t, 41, pg.Total, "a full bare page must have a next: %+v", pg)
		require.True(t, pg.HasNext(), "a full bare page must have a next: %+v", pg)
		var paged pageData[Position]
		err = json.Unmarshal([]byte(`{"total":"11","current":1,"size":20,"records":[`+examplePosition+`]}`), &paged)
		require.NoError(t, err)
		pg = paged.page(1, 20)
		require.EqualValues(t, 11, pg.Total, "%+v", pg)
		require.Len(t, pg.Items, 1, "%+v", pg)
	})
	t.Run("group products: string group, number trade type", func(t *testing.T) {
		var got []GroupProduct
		err := json.Unmarshal([]byte(exampleGroupProduct), &got)
		require.NoError(t, err)
		require.EqualValues(t, 3, got[0].CustomerGroupID, "%+v", got)
		require.EqualValues(t, TradeTypeCrossContract, got[0].TradeType, "%+v", got)
	})
	t.Run("product detail with nulls", func(t *testing.T) {
		var got []ProductDetail
		err := json.Unmarshal([]byte(exampleProductDetail), &got)
		require.NoError(t, err)
		d := got[0]
		require.Len(t, d.CustomerGroupIDs, 19, "%+v", d)
		require.True(t, d.CustomerGroupIDs.Contains(1361), "%+v", d)
		require.Len(t, d.SymbolGroupIDs, 1, "%+v", d)
		require.EqualValues(t, 0, d.Digits, "%+v", d)
		require.EqualValues(t, 0, d.FundID, "%+v", d)
	})
	t.Run("batch K-lines: schema object, list, nested", func(t *testing.T) {
		nested := `{"kline_list":[{"code":"EURJPY","kline_type":1,"kline_data":[{"timestamp":"1677829200","open_price":"1","close_price":"2","high_price":"3","low_price":"0.5","volume":"0","turnover":"0"}]},{"code":"USDJPY","kline_type":2,"kline_data":[]}]}`
		for in, want := range map[string]int{exampleKline: 1, "[" + exampleKline + "," + exampleKline + "]": 2, nested: 2, "null": 0} {
			var got batchKlines
			err := json.Unmarshal([]byte(in), &got)
			require.NoError(t, err, "%.40s: %d, %v", in, len(got), err)
			require.Len(t, got, want, "%.40s: %d, %v", in, len(got), err)
			require.False(t, want > 0 && (got[0].Code == "" || len(got[0].Bars) == 0), "%.40s: %+v", in, got)
		}
	})
	t.Run("lists and times", func(t *testing.T) {
		var ids IDList
		for in, n := range map[string]int{`"1,2, 3"`: 3, `[1,"2"]`: 2, `7`: 1, `""`: 0, `null`: 0, `"809，808，807"`: 3} {
			err := json.Unmarshal([]byte(in), &ids)
			require.NoError(t, err, "%s: %v, %v", in, ids, err)
			require.Len(t, ids, n, "%s: %v, %v", in, ids, err)
		}
		err := json.Unmarshal([]byte(`"1,x"`), &ids)
		require.NotEqualValues(t, nil, err, "non-numeric ID accepted")
		var mt MilliTime
		for _, in := range []string{`1705567915141`, `"1705567915141"`} {
			err := json.Unmarshal([]byte(in), &mt)
			require.NoError(t, err, "%s: %v, %v", in, mt, err)
			require.EqualValues(t, int64(1705567915141), mt.UnixMilli(), "%s: %v, %v", in, mt, err)
		}
		for _, in := range []string{`0`, `""`, `null`} {
			err := json.Unmarshal([]byte(in), &mt)
			require.NoError(t, err, "%s: %v, %v", in, mt, err)
			require.True(t, mt.IsZero(), "%s: %v, %v", in, mt, err)
		}
		b, _ := json.Marshal(MilliTime{})
		require.True(t, bytes.Equal(b, []byte("0")), "zero time encodes as %s", b)
	})
	t.Run("Decimal.Scaled", func(t *testing.T) {
		for _, c := range []struct {
			raw    string
			digits int
			want   string
		}{{"4276400", 2, "42764.00"}, {"46768", 8, "0.00046768"}, {"-5", 1, "-0.5"}, {"1.5", 1, "0.15"}, {"12", 0, "12"}, {"12", -2, "1200"}} {
			got := MustDecimal(c.raw).Scaled(c.digits).String()
			assert.EqualValues(t, c.want, got, "Decimal(%s).Scaled(%d) = %s, want %s", c.raw, c.digits, got, c.want)
		}
	})
}

func TestCodeStrings(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ got, want string }{
		{OrderManualForceClose.String(), "manual forced close"},
		{OrderSpotLimit.Name(TradeTypeSpot), "limit price"},
		{OrderSpotLimit.Name(TradeTypeIsolatedContract), "matching limit open"},
		{OrderType(99).String(), "OrderType(99)"},
		{OrderFilled.String(), "FILLED"},
		{OrderPartialFailure.String(), "PARTIAL_FAILURE"},
		{OrderStatus(14).String(), "OrderStatus(14)"},
		{PositionPartiallyClosed.String(), "partially closed"},
		{FlowStockCompanyAction.String(), "stocks: company action"},
		{FlowCFDMarginMarginAdjustment.String(), "CFD margin: margin adjustment"},
		{FlowType(46).String(), "FlowType(46)"},
		{FlowSubManualForcedClosePnL.String(), "manual forced close P&L"},
		{FlowStatusFailed.String(), "failed"},
		{FlowDecrease.String(), "decrease"},
		{MarginByRange.String(), "range"},
		{Kline1Month.String(), "1M"},
		{Kline4Hour.String(), "4h"},
		{KlineType(0).String(), "KlineType(0)"},
		{KlineForwardAdjusted.String(), "forward"},
		{RecordDeleted.String(), "deleted"},
		{Sell.String(), "sell"},
		{DictBankCode.String(), "bank_code"},
	} {
		assert.EqualValues(t, c.want, c.got, "got %q, want %q", c.got, c.want)
	}
	require.Len(t, flowTypeNames, 1+8+9+14+14+7+14, "%d flow types: the documented list has 66 plus FlowAny", len(flowTypeNames))
}

// TestReadBody: the answer is read whole when its length is announced
// right, cut-off answers keep io.ErrUnexpectedEOF, longer ones are read to
// the limit.
func TestReadBody(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		length  int64
		limit   int64
		want    string
		wantErr error
	}{
		{"as announced", "abc", 3, 100, "abc", nil},
		{"unannounced", "abc", -1, 100, "abc", nil},
		{"empty", "", 0, 100, "", nil},
		{"shorter than announced", "ab", 3, 100, "ab", io.ErrUnexpectedEOF},
		{"nothing of the announced", "", 3, 100, "", io.ErrUnexpectedEOF},
		{"longer than announced", "abcdef", 3, 100, "abcdef", nil},
		{"announced over the limit", "abcdef", 6, 4, "abcd", nil},
		{"longer than the limit", "abcdef", 2, 4, "abcd", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{Body: io.NopCloser(strings.NewReader(tc.body)), ContentLength: tc.length}
			got, err := readBody(resp, tc.limit)
			assert.Equal(t, tc.want, string(got))
			assert.Equal(t, tc.wantErr, err)
		})
	}
}
