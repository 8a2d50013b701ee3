package mmotel_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
	"github.com/multimarkets-sdk/multimarkets-go/msgchannel"
	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

const walletUser = "ledger-user-7"

func TestWalletRepeat(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	ledger := wallettest.NewLedger()
	ledger.Seed(walletUser, "USDT", wallet.MustParseAmount("100"))
	h, err := wallet.NewHandler(wallet.Config{CompanyID: "10086", Wallet: ledger, Store: wallet.NewMemoryStore(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Observer: r.tel.Wallet()})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	p := &wallettest.Platform{BaseURL: srv.URL, CompanyID: "10086"}
	ctx := context.Background()

	adj := wallettest.NewAdjustment(walletUser, "USDT", wallet.AbnormalOvertrading, "-10")
	first := p.Adjust(ctx, adj)
	require.True(t, first.OK(), "%+v", first)
	repeat := p.Adjust(ctx, adj)
	require.True(t, repeat.OK(), "%+v", repeat)
	require.Equal(t, 1, ledger.Effects(), "the repeat did not reach the wallet")

	var spans []span
	for _, s := range r.ended() {
		a := attrs(s.Attributes())
		tr, _ := a["multimarkets.trace"].(string)
		assert.True(t, strings.HasPrefix(tr, "mm-"), "MultiMarkets' trace header: %q", tr)
		delete(a, "multimarkets.trace")
		assert.False(t, s.EndTime().Before(s.StartTime()))
		spans = append(spans, span{Name: s.Name(), Kind: s.SpanKind(), Attrs: a})
	}
	want := span{Name: "multimarkets webhook wallet.adjust", Kind: trace.SpanKindServer, Attrs: map[string]any{
		"multimarkets.webhook.type": "wallet.adjust", "multimarkets.webhook.code": "0"}}
	assert.Equal(t, []span{want, want}, spans)

	m := r.metrics(t)
	assert.Equal(t, []point{{"multimarkets.webhook.code=0,multimarkets.webhook.type=wallet.adjust", 2}},
		points(t, m[mmotel.MetricWebhookDuration]))
	assert.Equal(t, []point{{"multimarkets.webhook.code=0,multimarkets.webhook.type=wallet.adjust", 1}},
		points(t, m[mmotel.MetricWebhookRepeats]))
	assert.NotContains(t, m, mmotel.MetricWebhookLeaseBusy)
	assertNothingSensitive(t, r, []string{walletUser, adj.RequestUniqueNo, "203.0.113.7"})
}

func TestMsgChannelRepeat(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	h, err := msgchannel.NewHandler(msgchannel.Config{Kind: msgchannel.KindEmail, PrivateKey: key, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sender: msgchannel.SenderFunc(func(context.Context, msgchannel.Message) error { return nil }), Observer: r.tel.MsgChannel()})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	sign, err := msgchannel.Sign(&key.PublicKey, testEmail, ts, "mm-msg-1")
	require.NoError(t, err)
	body, err := json.Marshal(map[string]string{"toUser": testEmail, "trace": "mm-msg-1", "sign": sign,
		"title": "Your code", "content": "Your code is 493021", "timestamp": ts})
	require.NoError(t, err)
	// MultiMarkets retrying a delivered message gets the first answer again.
	// A transport of its own: http.DefaultTransport's idle connections are
	// closed by every httptest.Server.Close of a parallel test, which breaks
	// a POST about to reuse one.
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	for _, want := range []int{200, 200} {
		resp, err := hc.Post(srv.URL, "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode)
	}

	var spans []span
	for _, s := range r.ended() {
		spans = append(spans, span{Name: s.Name(), Kind: s.SpanKind(), Attrs: attrs(s.Attributes()), Status: s.Status().Code})
	}
	assert.Equal(t, []span{
		{Name: "multimarkets webhook msgchannel.email", Kind: trace.SpanKindServer, Attrs: map[string]any{
			"multimarkets.webhook.type": "msgchannel.email", "multimarkets.webhook.code": "200"}, Status: codes.Unset},
		{Name: "multimarkets webhook msgchannel.email", Kind: trace.SpanKindServer, Attrs: map[string]any{
			"multimarkets.webhook.type": "msgchannel.email", "multimarkets.webhook.code": "200"}, Status: codes.Unset},
	}, spans)
	m := r.metrics(t)
	assert.Equal(t, []point{
		{"multimarkets.webhook.code=200,multimarkets.webhook.type=msgchannel.email", 2},
	}, points(t, m[mmotel.MetricWebhookDuration]))
	assert.Equal(t, []point{{"multimarkets.webhook.code=200,multimarkets.webhook.type=msgchannel.email", 1}},
		points(t, m[mmotel.MetricWebhookRepeats]))
	assertNothingSensitive(t, r, []string{testEmail, "493021", sign})
}

// TestHostileValuesAreBounded: a trace header that is not UTF-8 and an
// undocumented, overlong error code reach spans as bounded, valid UTF-8,
// and metrics only as "_OTHER".
func TestHostileValuesAreBounded(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	h, err := wallet.NewHandler(wallet.Config{CompanyID: "10086", Wallet: wallettest.NewLedger(), Store: wallet.NewMemoryStore(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Observer: r.tel.Wallet()})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	p := &wallettest.Platform{BaseURL: srv.URL, CompanyID: "10086"}
	hdr := p.Headers()
	hdr["trace"] = []string{"mm-\xff\xfe" + strings.Repeat("é", 200)}
	res := p.Post(context.Background(), wallet.DefaultPaths().Balance, hdr, []byte(`{"userName":"x","currency":"USDT"}`))
	require.NoError(t, res.Err)

	f := newFixture(t, false, nil)
	long := "CODE_" + strings.Repeat("X", 500)
	f.srv.InjectFault(opRegister, mmtest.Code(long))
	_, err = f.client.Customers.Register(f.ctx, registerParams())
	require.Error(t, err)

	for _, rec := range []*recorder{r, f.rec} {
		for _, s := range rec.ended() {
			for _, kv := range s.Attributes() {
				if v, ok := kv.Value.AsInterface().(string); ok {
					assert.True(t, utf8.ValidString(v), "%s is valid UTF-8", kv.Key)
					assert.LessOrEqual(t, len(v), 256, "%s is bounded", kv.Key)
				}
			}
		}
	}
	m := f.rec.metrics(t)
	assert.Equal(t, []point{{"error.type=_OTHER,multimarkets.operation=" + opRegister + ",multimarkets.outcome=api_error", 1}},
		points(t, m[mmotel.MetricCallDuration]))
}
