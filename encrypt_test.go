package multimarkets_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestEncryptedAmountsVerifyOnBothReaders sends the amounts of issue 12's
// table in encrypted bonuses to a fake that rebuilds the signing string the
// way a Double-reading server (the vendor's demo) or a BigDecimal-reading
// server does. Amounts with a plain form both readers print alike verify
// whatever the client's NumberReader; 0.0001 and 12345678.9 verify when
// the client names the server's reader, and are refused (015) otherwise.
func TestEncryptedAmountsVerifyOnBothReaders(t *testing.T) {
	t.Parallel()
	readers := []struct {
		name   string
		client mm.NumberReader
		server mmtest.NumberReader
	}{
		{"Double", mm.DoubleReader, mmtest.DoubleReader},
		{"BigDecimal", mm.BigDecimalReader, mmtest.BigDecimalReader},
	}
	amounts := []struct {
		amount  string
		agreed  bool // both readers sign the SDK's plain form alike
		balance string
	}{
		{"100.50", true, "100.500000"}, {"5.00", true, "5.000000"}, {"100.5", true, "100.500000"},
		{"1000.0", true, "1000.000000"}, {"1000", true, "1000.000000"}, {"1E+3", true, "1000.000000"},
		{"0.0001", false, "0.000100"}, {"12345678.9", false, "12345678.900000"},
	}
	for i, server := range readers {
		for j, client := range readers {
			t.Run("server "+server.name+"/client "+client.name, func(t *testing.T) {
				t.Parallel()
				_, c := newFake(t, []mmtest.Option{mmtest.WithNumberReader(server.server)},
					mm.WithEncryption(""), mm.WithNumberReader(client.client))
				no := register(t, c, fmt.Sprintf("77009001%d%d", i, j),
					mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
				for k, a := range amounts {
					_, err := c.Bonuses.Issue(context.Background(), &mm.BonusParams{CustomerNo: no,
						ActivityID: "act-" + strconv.Itoa(k), Currency: "USDT", Amount: mm.MustDecimal(a.amount)})
					if a.agreed || server.name == client.name {
						require.NoError(t, err, a.amount)
					} else {
						assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_015), "%s: %v", a.amount, err)
					}
				}
			})
		}
	}
}

// TestNumbersGoOutPlain: what the SDK sends for a Decimal is its shortest
// plain form, encrypted or not.
func TestNumbersGoOutPlain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"5.00": `"bonus":5,`, "12.50": `"bonus":12.5,`, "1E+3": `"bonus":1000,`, "0.000100": `"bonus":0.0001,`} {
		rec := newRecorder(t, okAnswer(`{"result":true,"actionAmount":"1"}`))
		c, err := mm.NewClient(mm.WithBaseURL(rec.srv.URL), mm.WithCompanyID("1"), mm.WithToken("t"))
		require.NoError(t, err)
		_, err = c.Bonuses.Issue(context.Background(), &mm.BonusParams{CustomerNo: "86021976",
			ActivityID: "a-1", Currency: "USDT", Amount: mm.MustDecimal(in)})
		require.NoError(t, err)
		assert.Contains(t, string(rec.bodies[0]), want, in)
	}
}

func TestNumberReaderConfiguration(t *testing.T) {
	_, err := mm.NewClient(mm.WithBaseURL("https://api.example.com"), mm.WithCompanyID("1"), mm.WithToken("t"), mm.WithNumberReader(7))
	var verr *mm.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "WithNumberReader", verr.Field)

	t.Setenv(mm.EnvBaseURL, "https://api.example.com")
	t.Setenv(mm.EnvCompanyID, "1")
	t.Setenv(mm.EnvToken, "t")
	t.Setenv(mm.EnvNumberReader, "float")
	_, err = mm.NewClientFromEnv()
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, mm.EnvNumberReader, verr.Field)
	for _, ok := range []string{"", "double", "BigDecimal"} {
		t.Setenv(mm.EnvNumberReader, ok)
		_, err = mm.NewClientFromEnv()
		assert.NoError(t, err, ok)
	}
}
