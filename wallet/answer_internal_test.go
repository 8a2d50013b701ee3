package wallet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzAppendEnvelope: appendEnvelope writes exactly what json.Marshal writes
// for the same answer as an Envelope, with and without balance data, whatever the strings
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
		raw, err := json.Marshal(ref)
		require.NoError(t, err)
		want, err := json.Marshal(Envelope{Code: code, Msg: msg, OK: a.OK(), Fail: !a.OK(), Data: raw, Trace: trace, Tm: tm})
		require.NoError(t, err)
		got := appendEnvelope([]byte("prefix"), a, trace, data, tm)
		require.Equal(t, "prefix"+string(want), string(got))
	})
}
