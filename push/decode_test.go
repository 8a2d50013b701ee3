package push

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

// docExamples returns the JSON examples of the data-push documentation
// (testdata holds an unchanged copy), exactly as published: with comments,
// zero-width spaces and the other defects the spec README lists.
func docExamples(t testing.TB) map[EventType]string {
	b, err := os.ReadFile("testdata/manager-api_data-push.md")
	require.NoError(t, err)
	heading := regexp.MustCompile(`(?m)^### .*\((\w+(?:\\_\w+)*)\)\s*$`)
	out := map[EventType]string{}
	doc := string(b)
	locs := heading.FindAllStringSubmatchIndex(doc, -1)
	for i, loc := range locs {
		name := strings.ReplaceAll(doc[loc[2]:loc[3]], `\_`, "_")
		end := len(doc)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		sec := doc[loc[1]:end]
		open := strings.Index(sec, "```")
		if open < 0 {
			continue
		}
		sec = sec[open+3:]
		sec = sec[strings.IndexByte(sec, '\n')+1:]
		if block := sec[:strings.Index(sec, "```")]; strings.Contains(block, `"eventType"`) {
			out[EventType(name)] = block
		}
	}
	return out
}

var lineComment = regexp.MustCompile(`(?m)//.*$`)

// cleanDocJSON turns a documentation example into the JSON the server
// would send: comments and zero-width spaces removed, the two syntax slips
// (a value-less "status" in register, a missing comma in position_delete)
// repaired, and the duplicate key left to encoding/json (last wins).
func cleanDocJSON(s string) string {
	s = strings.ReplaceAll(s, "\u200b", "")
	s = strings.Replace(s, `"status": // 1 Status`, `"status": 1, // Status`, 1)
	s = strings.Replace(s, `"companyId": 21 // Company id`, `"companyId": 21, // Company id`, 1)
	s = lineComment.ReplaceAllString(s, "")
	s = regexp.MustCompile(`,\s*}`).ReplaceAllString(s, "}")
	return s
}

func TestDocExamplesDecodeIntoTypedPayloadsWithEveryField(t *testing.T) {
	ex := docExamples(t)
	for _, typ := range EventTypes() {
		t.Run(string(typ), func(t *testing.T) {
			raw, ok := ex[typ]
			require.True(t, ok, "documentation has an example")

			// As published, the examples are not valid JSON: they must come
			// through as raw events with an error, never a panic.
			asIs := Decode([]byte(raw))
			assert.Error(t, asIs.Err)
			assert.Equal(t, raw, string(asIs.Raw))

			clean := cleanDocJSON(raw)
			require.True(t, json.Valid([]byte(clean)), clean)
			ev := Decode([]byte(clean))
			require.NoError(t, ev.Err)
			assert.Equal(t, typ, ev.Type)
			require.NotNil(t, ev.Payload)
			assert.Equal(t, typ, ev.Payload.EventType())
			assert.NotEmpty(t, ev.ID)
			assert.Empty(t, ev.UnknownFields(), "every documented field has a typed field")
			assert.NotEmpty(t, DefaultKey(&ev))
		})
	}
	assert.Len(t, ex, len(EventTypes()), "every documented event type is known to the package")
}

func TestDocExampleValues(t *testing.T) {
	ex := docExamples(t)
	dec := func(typ EventType) Payload {
		ev := Decode([]byte(cleanDocJSON(ex[typ])))
		require.NoError(t, ev.Err)
		return ev.Payload
	}
	w := dec(EventSubjectWaterInsert).(*SubjectWaterInsert)
	assert.Equal(t, "11210000000", w.AmountAfter.String())
	assert.Equal(t, "112100.00000", w.AmountAfter.Scaled(int(w.Digits)).String())
	assert.Equal(t, multimarkets.FlowStockLimitAdjustment, w.BusinessType)
	assert.Equal(t, "quota adjustment deposit", w.BusinessType1.String()) // the root type's style
	assert.Equal(t, SubjectMarginBalance, w.SubjectType)
	assert.Equal(t, multimarkets.FlexString("21880"), w.CustomerID)

	p := dec(EventPositionInsert).(*PositionInsert)
	assert.Equal(t, "36.0", p.OpenVolume.String())
	assert.Equal(t, multimarkets.MarginByRatio, p.MarginSetType) // sent as the string "1"
	assert.Equal(t, "100", p.OccupyTheMargin.String())
	assert.Equal(t, "2022-07-26T06:10:15.134Z", p.CreateTime.Format("2006-01-02T15:04:05.000Z"))

	d := dec(EventDeposit).(*Deposit)
	assert.Equal(t, "343.500000000", d.ToPaymentAmount.String())
	assert.False(t, bool(d.NotifyStatus))

	wd := dec(EventWithdraw).(*Withdraw)
	assert.Equal(t, WithdrawToBank, wd.WithdrawMethod)
	assert.Equal(t, "", wd.TxID) // null

	r := dec(EventRegister).(*Register)
	assert.Equal(t, "+86", r.PhoneArea, "zero-width spaces are not part of values")
	assert.Equal(t, multimarkets.SourceAndroid, r.RegisterSource)
	assert.Equal(t, multimarkets.KYCApproved, r.KYCAuditStatus)

	td := dec(EventTradeDeal).(*TradeDeal)
	assert.Equal(t, "0.001", td.ExecuteNum.String())
	assert.Equal(t, multimarkets.OrderFilled, td.OrderStatus)
	assert.Equal(t, "market open", td.BizType.String()) // the root type's name

	aa := dec(EventAccountAdjust).(*AccountAdjust)
	assert.Equal(t, "1000000.000000000", aa.Amount.String())
	assert.Equal(t, multimarkets.FlowSubtype(60301), aa.BusinessType)
}

func TestDecodeTolerance(t *testing.T) {
	cases := map[string]struct {
		msg     string
		typ     EventType
		id      multimarkets.FlexString
		payload bool
		err     bool
	}{
		"numeric id":           {`{"eventType":"register","data":{"id":80,"customerNo":"8"}}`, EventRegister, "80", true, false},
		"string numbers":       {`{"eventType":"account_update","data":{"id":"1","digits":"6","status":"2","customerId":"81"}}`, EventAccountUpdate, "1", true, false},
		"unknown field":        {`{"eventType":"kyc","data":{"id":"1","brandNew":{"a":1}}}`, EventKYC, "1", true, false},
		"unknown type":         {`{"eventType":"margin_call","data":{"id":9}}`, "margin_call", "9", false, false},
		"no data":              {`{"eventType":"kyc"}`, EventKYC, "", false, true},
		"data not object":      {`{"eventType":"kyc","data":[1,2]}`, EventKYC, "", false, true},
		"bad field type":       {`{"eventType":"kyc","data":{"id":"3","status":{"x":1}}}`, EventKYC, "3", false, true},
		"not json":             {`pong?`, "", "", false, true},
		"empty":                {``, "", "", false, true},
		"numeric event type":   {`{"eventType":7,"data":{}}`, "7", "", false, false},
		"duplicate key":        {`{"eventType":"kyc","data":{"id":"1","id":"2"}}`, EventKYC, "2", true, false},
		"huge id keeps digits": {`{"eventType":"kyc","data":{"id":123456789012345678901234567890}}`, EventKYC, "123456789012345678901234567890", true, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			ev := Decode([]byte(c.msg))
			assert.Equal(t, c.typ, ev.Type)
			assert.Equal(t, c.id, ev.ID)
			assert.Equal(t, c.payload, ev.Payload != nil)
			assert.Equal(t, c.err, ev.Err != nil, "%v", ev.Err)
			assert.Equal(t, c.msg, string(ev.Raw))
		})
	}
	ev := Decode([]byte(`{"eventType":"kyc","data":{"id":"1","brandNew":{"a":1},"zzz":0}}`))
	assert.Equal(t, []string{"brandNew", "zzz"}, ev.UnknownFields())
}

func TestScalarTypes(t *testing.T) {
	var d struct {
		A, B, C, D multimarkets.Decimal
		I          multimarkets.FlexString
		M          multimarkets.MilliTime
		N          multimarkets.FlexInt64
		F          Bool
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":1E-7,"B":"0.10","C":null,"D":-12.500,"I":"x1","M":"1645167068853","N":36.0,"F":1}`), &d))
	assert.True(t, multimarkets.MustDecimal("1E-7").Identical(d.A), "exact value and digits: %s", d.A)
	assert.Equal(t, "0.10", d.B.String())
	assert.True(t, d.C.IsZero(), "null")
	assert.Equal(t, "-12.500", d.D.String())
	assert.Equal(t, multimarkets.FlexString("x1"), d.I)
	assert.Equal(t, int64(1645167068853), d.M.UnixMilli())
	assert.Equal(t, time.UTC, d.M.Location())
	assert.Equal(t, multimarkets.FlexInt64(36), d.N)
	assert.True(t, bool(d.F))
	// Decimal's encoding, Scaled and IsZero are tested on multimarkets.Decimal
	// (decimal_test.go in the root package).
	assert.Equal(t, "TradeType(6)", multimarkets.TradeType(6).String())
	assert.Equal(t, "spot", multimarkets.TradeTypeSpot.String()) // the root type's name
	// the root type's name, as in the spot trading mode
	assert.Equal(t, "limit price", multimarkets.OrderType(13).Name(multimarkets.TradeTypeSpot))
	assert.True(t, multimarkets.FlowSubtype(60301).Documented())
	assert.False(t, multimarkets.FlowSubtype(1).Documented())
}

func TestDedupWindowIsBounded(t *testing.T) {
	d := newDedup(3)
	k := func(s string) dedupKey { return d.key("kyc", []byte(s), nil) }
	assert.False(t, d.add(k(`{"id":"1"}`)))
	assert.True(t, d.add(k(`{ "id" : "1" }`)), "whitespace is not identity")
	assert.False(t, d.add(k(`{"id":"1","status":2}`)), "another version of the record is new")
	assert.False(t, d.add(k(`{"id":"2"}`)))
	assert.False(t, d.add(k(`{"id":"3"}`))) // evicts {"id":"1"}
	assert.False(t, d.add(k(`{"id":"1"}`)), "forgotten after the window")
	assert.Len(t, d.seen, 3)
	assert.NotEqual(t, d.key("kyc", []byte(`{"id":"1"}`), nil), d.key("deposit", []byte(`{"id":"1"}`), nil))
}
