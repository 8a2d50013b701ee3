package wallet_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// TestNoVerbPrintsPersonalData prints every wallet type that holds a user
// name, a customer ID or an IP under every fmt verb, alone and nested, and
// finds none of them (nor their hex): only the masked form.
func TestNoVerbPrintsPersonalData(t *testing.T) {
	t.Parallel()
	const (
		user  = "86000001"
		third = "cust-0042-private"
		ip    = "198.51.100.23"
	)
	personal := []string{user, third, ip}
	adj := wallettest.NewAdjustment(user, "USD", wallet.OpenPosition, "12.50")
	adj.ThirdServerCode, adj.IP, adj.Metadata = third, ip, `{"phone":"`+user+`"}`
	c := wallettest.CancelFor(adj)
	c.CancelRemark = "user " + user + " timed out"
	store := wallet.NewMemoryStore()
	rec := wallet.Record{Key: adj.RequestUniqueNo, State: wallet.StateApplied, UserName: user, Currency: "USD", Adjustment: &adj, Version: 1}
	ok, err := store.Create(context.Background(), rec)
	require.NoError(t, err)
	require.True(t, ok)
	ledger := wallettest.NewLedger()
	ledger.Seed(user, "USD", wallet.MustParseAmount("1"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: "439", Wallet: ledger, Store: store})
	require.NoError(t, err)
	book := wallettest.NewBook()
	book.Seed(user, "USD", wallet.MustParseAmount("1"))
	env := wallet.Envelope{Code: "0", Data: []byte(`{"userName":"` + user + `"}`)}

	values := map[string]any{
		"Adjustment":   adj,
		"*Adjustment":  &adj,
		"Cancel":       c,
		"*Cancel":      &c,
		"Reversal":     wallet.Reversal{Original: adj, Cancel: c},
		"BalanceQuery": wallet.BalanceQuery{ThirdServerCode: third, UserName: user, Currency: "USD"},
		"BalanceData":  wallet.BalanceData{UserName: user, Currency: "USD", Amount: "1.00", AmountDigits: 2},
		"Envelope":     env,
		"Record":       rec,
		"*MemoryStore": store,
		"*Handler":     h,
		"*Ledger":      ledger,
		"*Book":        book,
		"Trade":        wallettest.Trade{Adjustment: adj, Adjust: wallettest.Result{Envelope: env}},
		"nested": struct {
			A []wallet.Adjustment
			M map[string]wallet.Cancel
			P *wallet.Record
		}{[]wallet.Adjustment{adj}, map[string]wallet.Cancel{"k": c}, &rec},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%10v", "%-40s", "%.3v", "%t", "%T", "%p"}
	for name, v := range values {
		for _, verb := range verbs {
			if verb == "%p" && !strings.HasPrefix(name, "*") {
				// fmt handles %p before any method, and prints a non-pointer
				// raw; go vet reports that misuse. Not preventable.
				continue
			}
			out := fmt.Sprintf(verb, v)
			for _, p := range personal {
				for _, form := range []string{p, hex.EncodeToString([]byte(p)), strings.ToUpper(hex.EncodeToString([]byte(p)))} {
					assert.NotContains(t, out, form, "%s under %s: %s", name, verb, out)
				}
			}
		}
	}
	assert.Contains(t, fmt.Sprintf("%v", adj), "user=***001", "masked, still tells users apart")
	assert.Contains(t, fmt.Sprintf("%#v", c), "requestUniqueNo="+c.RequestUniqueNo)
	assert.Equal(t, fmt.Sprintf("%q", adj.String()), fmt.Sprintf("%q", adj))
}
