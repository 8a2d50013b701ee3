package multimarkets

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"
	"unicode/utf8"
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
		if err != nil {
			t.Fatal(err)
		}
		q := marketQuery(trace, data)
		u, err := url.Parse("https://example.invalid/openapi-b/quote-b-api/depth-tick?" + url.Values{"token": {"t"}, "query": {q}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Trace string `json:"trace"`
			Data  struct {
				SymbolList []struct {
					Code string `json:"code"`
				} `json:"symbol_list"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(u.Query().Get("query")), &got); err != nil {
			t.Fatalf("query %q does not decode: %v", u.Query().Get("query"), err)
		}
		if got.Trace != trace || len(got.Data.SymbolList) != 1 || got.Data.SymbolList[0].Code != code {
			t.Fatalf("round trip: sent %q/%q, got %+v", trace, code, got)
		}
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
	t.Run("deals by order ID: example object for the schema's list", func(t *testing.T) {
		var deals oneOrMany[Deal]
		if err := json.Unmarshal([]byte(exampleDealObject), &deals); err != nil {
			t.Fatal(err)
		}
		if len(deals) != 1 || deals[0].Price().String() != "42764.00" || deals[0].PositionID != 0 || !deals[0].PnL().IsZero() {
			t.Fatalf("%+v", deals)
		}
		var list oneOrMany[Deal]
		if err := json.Unmarshal([]byte("["+exampleDealObject+","+exampleDealObject+"]"), &list); err != nil || len(list) != 2 {
			t.Fatalf("list: %d, %v", len(list), err)
		}
	})
	t.Run("forced order", func(t *testing.T) {
		var closed oneOrMany[ClosedPosition]
		if err := json.Unmarshal([]byte(exampleForcedOrder), &closed); err != nil {
			t.Fatal(err)
		}
		c := closed[0]
		if c.Volume.String() != "1.0" || c.Fee.String() != "-16.980600" || c.PositionID != 2022081000376 || !c.StopLoss.IsZero() || c.OpenDirection != Buy {
			t.Fatalf("%+v", c)
		}
	})
	t.Run("cancel keys", func(t *testing.T) {
		for in, n := range map[string]int{`["CATS:PROORDER:1_1557311743581831168"]`: 1, `"CATS:PROORDER:1_1"`: 1, `null`: 0, `{}`: 0, `[]`: 0} {
			var keys oneOrMany[FlexString]
			if err := json.Unmarshal([]byte(in), &keys); err != nil || len(keys) != n {
				t.Fatalf("%s: %v, %v", in, keys, err)
			}
		}
	})
	t.Run("position page: bare list and paged object", func(t *testing.T) {
		var bare pageData[Position]
		if err := json.Unmarshal([]byte("["+examplePosition+"]"), &bare); err != nil {
			t.Fatal(err)
		}
		p := bare.page(1, 20)
		pos := p.Items[0]
		if p.Total != 1 || p.HasNext() || pos.Status != PositionOpen || pos.OpenPrice.String() != "5.540" || pos.OpenVolume.String() != "1" ||
			!pos.ClosedAt.IsZero() || pos.MarginSetType != MarginByRatio || !pos.Profit.IsZero() || pos.CloseFeeDigits != 0 {
			t.Fatalf("%+v %+v", p, pos)
		}
		full := pageData[Position]{items: make([]Position, 20)}
		if pg := full.page(2, 20); pg.Total != 41 || !pg.HasNext() {
			t.Fatalf("a full bare page must have a next: %+v", pg)
		}
		var paged pageData[Position]
		if err := json.Unmarshal([]byte(`{"total":"11","current":1,"size":20,"records":[`+examplePosition+`]}`), &paged); err != nil {
			t.Fatal(err)
		}
		if pg := paged.page(1, 20); pg.Total != 11 || len(pg.Items) != 1 {
			t.Fatalf("%+v", pg)
		}
	})
	t.Run("group products: string group, number trade type", func(t *testing.T) {
		var got []GroupProduct
		if err := json.Unmarshal([]byte(exampleGroupProduct), &got); err != nil {
			t.Fatal(err)
		}
		if got[0].CustomerGroupID != 3 || got[0].TradeType != TradeTypeCrossContract {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("product detail with nulls", func(t *testing.T) {
		var got []ProductDetail
		if err := json.Unmarshal([]byte(exampleProductDetail), &got); err != nil {
			t.Fatal(err)
		}
		d := got[0]
		if len(d.CustomerGroupIDs) != 19 || !d.CustomerGroupIDs.Contains(1361) || len(d.SymbolGroupIDs) != 1 || d.Digits != 0 || d.FundID != 0 {
			t.Fatalf("%+v", d)
		}
	})
	t.Run("batch K-lines: schema object, list, nested", func(t *testing.T) {
		nested := `{"kline_list":[{"code":"EURJPY","kline_type":1,"kline_data":[{"timestamp":"1677829200","open_price":"1","close_price":"2","high_price":"3","low_price":"0.5","volume":"0","turnover":"0"}]},{"code":"USDJPY","kline_type":2,"kline_data":[]}]}`
		for in, want := range map[string]int{exampleKline: 1, "[" + exampleKline + "," + exampleKline + "]": 2, nested: 2, "null": 0} {
			var got batchKlines
			if err := json.Unmarshal([]byte(in), &got); err != nil || len(got) != want {
				t.Fatalf("%.40s: %d, %v", in, len(got), err)
			}
			if want > 0 && (got[0].Code == "" || len(got[0].Bars) == 0) {
				t.Fatalf("%.40s: %+v", in, got)
			}
		}
	})
	t.Run("lists and times", func(t *testing.T) {
		var ids IDList
		for in, n := range map[string]int{`"1,2, 3"`: 3, `[1,"2"]`: 2, `7`: 1, `""`: 0, `null`: 0, `"809，808，807"`: 3} {
			if err := json.Unmarshal([]byte(in), &ids); err != nil || len(ids) != n {
				t.Fatalf("%s: %v, %v", in, ids, err)
			}
		}
		if err := json.Unmarshal([]byte(`"1,x"`), &ids); err == nil {
			t.Fatal("non-numeric ID accepted")
		}
		var mt MilliTime
		for _, in := range []string{`1705567915141`, `"1705567915141"`} {
			if err := json.Unmarshal([]byte(in), &mt); err != nil || mt.UnixMilli() != 1705567915141 {
				t.Fatalf("%s: %v, %v", in, mt, err)
			}
		}
		for _, in := range []string{`0`, `""`, `null`} {
			if err := json.Unmarshal([]byte(in), &mt); err != nil || !mt.IsZero() {
				t.Fatalf("%s: %v, %v", in, mt, err)
			}
		}
		b, _ := json.Marshal(MilliTime{})
		if !bytes.Equal(b, []byte("0")) {
			t.Fatalf("zero time encodes as %s", b)
		}
	})
	t.Run("Decimal.Scaled", func(t *testing.T) {
		for _, c := range []struct {
			raw    string
			digits int
			want   string
		}{{"4276400", 2, "42764.00"}, {"46768", 8, "0.00046768"}, {"-5", 1, "-0.5"}, {"1.5", 1, "0.15"}, {"12", 0, "12"}, {"12", -2, "1200"}} {
			if got := MustDecimal(c.raw).Scaled(c.digits).String(); got != c.want {
				t.Errorf("Decimal(%s).Scaled(%d) = %s, want %s", c.raw, c.digits, got, c.want)
			}
		}
	})
}

func TestCodeStrings(t *testing.T) {
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
		{AdjustForward.String(), "forward"},
		{RecordDeleted.String(), "deleted"},
		{Sell.String(), "sell"},
		{DictBankCode.String(), "bank_code"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if len(flowTypeNames) != 1+8+9+14+14+7+14 {
		t.Fatalf("%d flow types: the documented list has 66 plus FlowAny", len(flowTypeNames))
	}
}
