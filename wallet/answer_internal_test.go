package wallet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// marshalledEnvelope is the answer as encoding/json writes it: the reference
// for appendEnvelope.
type marshalledEnvelope struct {
	Code      string `json:"code"`
	Msg       string `json:"msg"`
	OK        bool   `json:"ok"`
	Fail      bool   `json:"fail"`
	Data      any    `json:"data"`
	Trace     string `json:"trace"`
	BizCode   string `json:"bizCode"`
	MsgParams string `json:"msgParams"`
	Tm        int64  `json:"tm"`
}

// FuzzAppendEnvelope: appendEnvelope writes exactly what json.Marshal writes
// for the same answer, with and without balance data, whatever the strings
// hold (quotes, control bytes, HTML characters, invalid UTF-8).
func FuzzAppendEnvelope(f *testing.F) {
	f.Add("0", "success", "mm-1", "u100001", "USD", "100.00", 2, int64(3), true)
	f.Add("WALLET_INSUFFICIENT_FUNDS", "insufficient funds", "", "", "", "", 0, int64(0), false)
	f.Add("0", "a \"quoted\" <b>&\u2028\\", "\x00\x1f\x7f", "\xff\xfe", "é", "-0.5", -1, int64(-9223372036854775808), true)
	f.Fuzz(func(t *testing.T, code, msg, trace, user, currency, amount string, digits int, tm int64, withData bool) {
		a := Answer{Code: code, Msg: msg}
		var data *BalanceData
		var ref any = struct{}{}
		if withData {
			data = &BalanceData{UserName: user, Currency: currency, Amount: amount, AmountDigits: digits}
			ref = *data
		}
		want, err := json.Marshal(marshalledEnvelope{Code: code, Msg: msg, OK: a.OK(), Fail: !a.OK(), Data: ref, Trace: trace, Tm: tm})
		require.NoError(t, err)
		got := appendEnvelope([]byte("prefix"), a, trace, data, tm)
		require.Equal(t, "prefix"+string(want), string(got))
	})
}
