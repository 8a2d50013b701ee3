package wallet

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
)

const validAdjust = `{"thirdServerCode":"ext-1","userName":"86000001","currency":"USD","bizType":1,
"operationType":"OPEN_POSITION","amount":"12.50","amountDigits":2,"orderId":123456789012,
"requestUniqueNo":"req-1","requestTime":1722093946335,"ip":"203.0.113.7","metadata":"{}"}`

func TestDecodeAdjustment(t *testing.T) {
	a, err := DecodeAdjustment([]byte(validAdjust))
	require.NoError(t, err)
	assert.Equal(t, OpenPosition, a.OperationType)
	assert.Equal(t, "12.50", a.Amount.String())
	assert.Equal(t, "-12.50", a.Delta().String())
	assert.Equal(t, int64(123456789012), a.OrderID)
	assert.Equal(t, multimarkets.OrderMarketOpen, a.BizType)
	assert.Equal(t, int64(1722093946335), a.RequestTime.UnixMilli())

	// snake_case spelling, numbers as strings, amount as a JSON number
	snake := `{"third_server_code":"ext-1","user_name":"86000001","currency":"USD","biz_type":"2",
"operation_type":"NORMAL_CLOSE","amount":7.5,"amount_digits":"4","order_id":"42",
"request_unique_no":"req-2","request_time":"1722093946335","ip":""}`
	b, err := DecodeAdjustment([]byte(snake))
	require.NoError(t, err)
	assert.Equal(t, "7.5000", b.Amount.String())
	assert.Equal(t, "7.5000", b.Delta().String())
	assert.Equal(t, int64(42), b.OrderID)

	// round trip through the wire form
	out, err := json.Marshal(a)
	require.NoError(t, err)
	var back Adjustment
	require.NoError(t, json.Unmarshal(out, &back))
	assert.True(t, a.sameRequest(back))
	assert.Equal(t, a.RequestTime.UnixMilli(), back.RequestTime.UnixMilli())
}

func TestDecodeAdjustmentErrors(t *testing.T) {
	mod := func(old, new string) string { return strings.Replace(validAdjust, old, new, 1) }
	tests := []struct {
		name, body, field string
	}{
		{"not json", `{"userName":`, ""},
		{"array", `[]`, ""},
		{"null", `null`, ""},
		{"trailing", validAdjust + `{}`, ""},
		{"missing userName", mod(`"userName":"86000001",`, ""), "userName"},
		{"empty requestUniqueNo", mod(`"requestUniqueNo":"req-1"`, `"requestUniqueNo":" "`), "requestUniqueNo"},
		{"missing amount", mod(`"amount":"12.50",`, ""), "amount"},
		{"bad amount", mod(`"12.50"`, `"12,50"`), "amount"},
		{"digits too few", mod(`"12.50","amountDigits":2`, `"12.55","amountDigits":1`), "amount"},
		{"digits negative", mod(`"amountDigits":2`, `"amountDigits":-1`), "amountDigits"},
		{"userName too long", mod(`"86000001"`, `"`+strings.Repeat("u", 49)+`"`), "userName"},
		{"currency too long", mod(`"USD"`, `"`+strings.Repeat("C", 17)+`"`), "currency"},
		{"requestUniqueNo too long", mod(`"req-1"`, `"`+strings.Repeat("r", 49)+`"`), "requestUniqueNo"},
		{"metadata too long", mod(`"metadata":"{}"`, `"metadata":"`+strings.Repeat("m", 201)+`"`), "metadata"},
		{"unknown op", mod(`OPEN_POSITION`, `DEPOSIT`), "operationType"},
		{"open negative", mod(`"12.50"`, `"-12.50"`), "amount"},
		{"open zero", mod(`"12.50"`, `"0.00"`), "amount"},
		{"overtrading positive", mod(`OPEN_POSITION`, `ABNORMAL_OVERTRADING`), "amount"},
		{"close negative", mod(`OPEN_POSITION","amount":"12.50"`, `NORMAL_CLOSE","amount":"-12.50"`), "amount"},
		{"orderId not integer", mod(`123456789012`, `"12x"`), "orderId"},
		{"bizType object", mod(`"bizType":1`, `"bizType":{}`), "bizType"},
		{"spellings disagree", mod(`"userName":"86000001",`, `"userName":"86000001","user_name":"other",`), "userName"},
		{"too large", `{"metadata":"` + strings.Repeat("x", maxBodyBytes) + `"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeAdjustment([]byte(tt.body))
			var re *RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.field, re.Field)
			assert.NotContains(t, err.Error(), "86000001", "errors never echo values")
		})
	}
}

func TestOperationTypeSigns(t *testing.T) {
	tests := []struct {
		op     OperationType
		amount string
		ok     bool
		delta  string
	}{
		{OpenPosition, "10", true, "-10"},
		{OpenPosition, "0", false, ""},
		{OpenPosition, "-10", false, ""},
		{NormalClose, "10", true, "10"},
		{NormalClose, "0", true, "0"},
		{NormalClose, "-10", false, ""},
		{AbnormalOvertrading, "-10", true, "-10"},
		{AbnormalOvertrading, "0", false, ""},
		{AbnormalOvertrading, "10", false, ""},
		{OperationType("X"), "10", false, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.op)+"/"+tt.amount, func(t *testing.T) {
			err := tt.op.CheckAmount(MustParseAmount(tt.amount))
			if !tt.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.delta, Adjustment{OperationType: tt.op, Amount: MustParseAmount(tt.amount)}.Delta().String())
			assert.Equal(t, tt.delta != "0" && tt.delta[0] == '-', tt.op.IsDebit())
		})
	}
}

func TestDecodeCancelAndBalance(t *testing.T) {
	c, err := DecodeCancel([]byte(`{"thirdServerCode":"e","userName":"u","currency":"USD","bizType":1,"amount":"1.00",
"amountDigits":2,"requestUniqueNo":"c1","reverse_request_unique_no":"r1","requestTime":1,"ip":"","cancelRemark":"timeout"}`))
	require.NoError(t, err)
	assert.Equal(t, "r1", c.ReverseRequestUniqueNo)
	_, err = DecodeCancel([]byte(`{"thirdServerCode":"e","userName":"u","currency":"USD","bizType":1,"amount":"-1.00",
"amountDigits":2,"requestUniqueNo":"c1","reverseRequestUniqueNo":"r1","requestTime":1,"ip":"","cancelRemark":""}`))
	require.Error(t, err)
	_, err = DecodeCancel([]byte(`{"thirdServerCode":"e","userName":"u","currency":"USD","bizType":1,"amount":"1",
"amountDigits":0,"requestUniqueNo":"c1","requestTime":1,"ip":"","cancelRemark":""}`))
	require.ErrorContains(t, err, "reverseRequestUniqueNo")

	q, err := DecodeBalanceQuery([]byte(`{"third_server_code":"e","user_name":"u","currency":"HKD"}`))
	require.NoError(t, err)
	assert.Equal(t, "u", q.UserName)
	_, err = DecodeBalanceQuery([]byte(`{"userName":"u","currency":"HKD"}`))
	require.ErrorContains(t, err, "thirdServerCode")
}

func TestStringsHidePersonalData(t *testing.T) {
	a, err := DecodeAdjustment([]byte(validAdjust))
	require.NoError(t, err)
	for _, s := range []string{a.String(), Cancel{UserName: "86000001", IP: "203.0.113.7"}.String()} {
		assert.NotContains(t, s, "86000001")
		assert.NotContains(t, s, "203.0.113.7")
	}
}

func FuzzDecodeAdjustment(f *testing.F) {
	f.Add([]byte(validAdjust))
	f.Add([]byte(`{"user_name":"u","amount":1e-7,"amount_digits":7}`))
	f.Add([]byte(`{"amount":"-0","operationType":"NORMAL_CLOSE"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := DecodeAdjustment(body)
		if err != nil {
			return
		}
		if a.OperationType.CheckAmount(a.Amount) != nil || a.UserName == "" || a.RequestUniqueNo == "" {
			t.Fatalf("accepted an invalid adjustment: %s", a)
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeAdjustment(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !a.sameRequest(b) {
			t.Fatalf("round trip changed %s", a)
		}
	})
}

func FuzzDecodeCancel(f *testing.F) {
	f.Add([]byte(`{"thirdServerCode":"e","userName":"u","currency":"USD","bizType":1,"amount":"1.00","amountDigits":2,"requestUniqueNo":"c1","reverseRequestUniqueNo":"r1","requestTime":1,"ip":"","cancelRemark":""}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := DecodeCancel(body)
		if err != nil {
			return
		}
		if c.Amount.Sign() < 0 || c.ReverseRequestUniqueNo == "" {
			t.Fatalf("accepted an invalid cancel: %s", c)
		}
	})
}
