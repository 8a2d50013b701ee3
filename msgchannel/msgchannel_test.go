package msgchannel

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The key pair and sign from MultiMarkets' custom-message-API doc.
const docPrivateKey = `MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAJrs9LzXaqbtEyI41sStUKXt+M21 vWBiBA6xrFU6an/BrQQfxbxBndWu3PAX0Vs971yu0RLlEdSRXgs1oCmT5YOcXp1DbXtScL5LbBvf RLus8y0cGLsN7JF86pmQMZuyidMzRZb9YwzZ4c0FsXit8AoibMV7ZmQCXYYwfMddzhpVAgMBAAEC gYAo3sP9oXKQUNCQYaA+yF4TOAE/+2bXK2RYoASPg1afF2/WO6+FZ2YE/hlo+U+Qm3ku4StkqauX gTXnDSGQdmTAdxh9YO3Aj81qn6VK6tlGkzWcKfcO+NqNyp3AwfF9aSackBi/rLH8GNNQZtoNBy8z Q6KBD2sQQRITuMu7hi4VwQJBANoY3Fi9rIgs3t4JifVMtyZC6Fpi9bEoCLEizZchwTr24P4mcbni 4uV9O0mI9OaqI9nAlet0KVhRaoMxi/ES2nECQQC12ZhxVzHe+wfCyyx/fPMXSr7cwmM1F3lk5IRa /hCXpVc9ncd/n12TNS7lJwVhqc+tBhWP6i3PSEH0hiyp0QglAkEAh/WNj4iWgMGwIazCovezCRgW rxoX3dt+J6bxkTCKvA5hTi57IQ1usu9xwTKusQkJllp3WzOr/pGqm6SMf7loEQJAbf6dJ8lfIAnl atzsIH0aqPcMNYna6i01v2I98LAGp0NaXqnGFxr1ReqAYBlXNvi45mZsum0iomOJiXdzIpCOhQJA AoXt2DlMSrXGIM0j/j56jUKOH0DNsadGned6SORnBiPjGr38eZwTxAIkxsoaPXS+9XJcQ5neWkwc 46caWU1H1Q==`

const docSign = "Zni/VixZVrxAt2GzIgRetSFub4Kk1C7JQsURlbXDJmHllv4Vr1SfJC66dnk0OPdylf4qlT9UQle+pAcbNKEBjMHkgeucaAG82syPNi18StNTWx+DNPvl1VvUGGJQQw6I7QClaEIefccyXUDqW78+gEIq8i5VNm/eop0bBoPu8Ao="

func TestDocExampleVerifies(t *testing.T) {
	key, err := ParsePrivateKey(docPrivateKey)
	require.NoError(t, err)
	assert.Equal(t, 1024, key.N.BitLen())
	assert.True(t, Verify(key, docSign, "18321956010", "1651118320014", "aaaaaaaaaabbbbbbbbbb11111"),
		"the doc's SMS example sign decrypts to toUser@timestamp@trace")
	assert.False(t, Verify(key, docSign, "18321956010@163.com", "1651118320014", "aaaaaaaaaabbbbbbbbbb11111"),
		"the doc's e-mail example reuses the SMS sign, so it does not verify")
}

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

func key(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		k, err := ParsePrivateKey(docPrivateKey)
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

type recorder struct {
	mu   sync.Mutex
	msgs []Message
	err  error
}

func (r *recorder) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.msgs = append(r.msgs, m)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

func body(t testing.TB, toUser, trace, title string, ts int64) map[string]any {
	sign, err := Sign(&key(t).PublicKey, toUser, strconv.FormatInt(ts, 10), trace)
	require.NoError(t, err)
	m := map[string]any{"pushType": "x", "pushId": "y", "toUser": toUser, "trace": trace, "sign": sign,
		"content": "【XXXX】Your verification code is 847999。", "timestamp": ts}
	if title != "" {
		m["title"] = title
	}
	return m
}

func post(t testing.TB, h http.Handler, v any) (*httptest.ResponseRecorder, Response) {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/msg", bytes.NewReader(b)))
	var resp Response
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &resp), w.Body.String())
	return w, resp
}

func newHandler(t testing.TB, kind Kind, s Sender, logs io.Writer) *Handler {
	h, err := NewHandler(Config{Kind: kind, PrivateKey: key(t), Sender: s, Logger: slog.New(slog.NewTextHandler(logs, nil)), MaxTraces: 3})
	require.NoError(t, err)
	return h
}

func TestHandler(t *testing.T) {
	now := time.Now().UnixMilli()
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		code   string
		status int
	}{
		{"sms", func(map[string]any) {}, CodeSuccess, 200},
		{"email", func(m map[string]any) { m["title"] = "Verification Code" }, CodeSuccess, 200},
		{"sms with an empty title", func(m map[string]any) { m["title"] = "" }, CodeSuccess, 200},
		{"timestamp as string", func(m map[string]any) { m["timestamp"] = strconv.FormatInt(now, 10) }, CodeSuccess, 200},
		{"content changed is still accepted (sign does not cover it)", func(m map[string]any) { m["content"] = "other" }, CodeSuccess, 200},
		{"wrong toUser", func(m map[string]any) { m["toUser"] = "18321956011" }, CodeBadSign, 401},
		{"wrong trace", func(m map[string]any) { m["trace"] = "other-trace" }, CodeBadSign, 401},
		{"garbage sign", func(m map[string]any) { m["sign"] = "!!!" }, CodeBadSign, 401},
		{"doc sign", func(m map[string]any) { m["sign"] = docSign }, CodeBadSign, 401},
		{"missing sign", func(m map[string]any) { delete(m, "sign") }, CodeBadRequest, 400},
		{"missing content", func(m map[string]any) { delete(m, "content") }, CodeBadRequest, 400},
		{"timestamp not a number", func(m map[string]any) { m["timestamp"] = "yesterday" }, CodeBadRequest, 400},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			var logs bytes.Buffer
			m := body(t, "18321956010", fmt.Sprintf("trace-%d", i), "", now)
			tt.mutate(m)
			kind := KindSMS
			if title, _ := m["title"].(string); title != "" {
				kind = KindEmail
			}
			h := newHandler(t, kind, rec, &logs)
			w, resp := post(t, h, m)
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, tt.code, resp.Code, resp.Msg)
			if tt.code == CodeSuccess {
				assert.JSONEq(t, `{"msg":"success","code":"200"}`, w.Body.String())
				require.Equal(t, 1, rec.count())
				got := rec.msgs[0]
				assert.Equal(t, "18321956010", got.ToUser)
				assert.Equal(t, kind, got.Kind)
			} else {
				assert.Zero(t, rec.count())
			}
			assert.NotContains(t, logs.String(), "18321956010", "recipient not logged")
			assert.NotContains(t, logs.String(), "847999", "content not logged")
		})
	}
}

func TestStaleAndRepeated(t *testing.T) {
	rec := &recorder{}
	h := newHandler(t, KindEmail, rec, io.Discard)
	old := time.Now().Add(-10 * time.Minute).UnixMilli()
	_, resp := post(t, h, body(t, "a@b.c", "t-old", "T", old))
	assert.Equal(t, CodeStale, resp.Code)
	future := time.Now().Add(10 * time.Minute).UnixMilli()
	_, resp = post(t, h, body(t, "a@b.c", "t-future", "T", future))
	assert.Equal(t, CodeStale, resp.Code)

	m := body(t, "a@b.c", "t-1", "T", time.Now().UnixMilli())
	_, resp = post(t, h, m)
	assert.Equal(t, CodeSuccess, resp.Code)
	w, resp := post(t, h, m)
	assert.Equal(t, 200, w.Code)
	assert.Equal(t, CodeSuccess, resp.Code, "a repeat is answered as the first delivery was")
	assert.Equal(t, 1, rec.count(), "and not sent again")

	// a failed send may be retried with the same trace
	rec.err = errors.New("smtp down")
	m2 := body(t, "a@b.c", "t-2", "T", time.Now().UnixMilli())
	_, resp = post(t, h, m2)
	assert.Equal(t, CodeSendFailed, resp.Code)
	rec.err = nil
	_, resp = post(t, h, m2)
	assert.Equal(t, CodeSuccess, resp.Code)
	assert.Equal(t, 2, rec.count())

	// memory is bounded (MaxTraces 3)
	for i := 0; i < 10; i++ {
		_, resp = post(t, h, body(t, "a@b.c", fmt.Sprintf("bulk-%d", i), "T", time.Now().UnixMilli()))
		require.Equal(t, CodeSuccess, resp.Code)
	}
	assert.Equal(t, 3, h.traces.len())
	_, resp = post(t, h, body(t, "a@b.c", "bulk-9", "T", time.Now().UnixMilli()))
	assert.Equal(t, CodeSuccess, resp.Code)
	assert.Equal(t, 12, rec.count(), "the newest traces are remembered")
	_, resp = post(t, h, body(t, "a@b.c", "bulk-0", "T", time.Now().UnixMilli()))
	assert.Equal(t, CodeSuccess, resp.Code)
	assert.Equal(t, 13, rec.count(), "the oldest are forgotten")
}

// TestRepeatIsTheTrace: the trace is the message's unique ID. MultiMarkets
// retrying a message sends it with a new timestamp and so a new sign; it
// is answered as the first delivery was, and the Sender is not called again.
func TestRepeatIsTheTrace(t *testing.T) {
	rec := &recorder{}
	h := newHandler(t, KindSMS, rec, io.Discard)
	now := time.Now()
	_, resp := post(t, h, body(t, "18321956010", "trace-1", "", now.UnixMilli()))
	require.Equal(t, CodeSuccess, resp.Code)
	for _, m := range []map[string]any{
		body(t, "18321956010", "trace-1", "", now.Add(time.Second).UnixMilli()), // retried: new timestamp and sign
		body(t, "18321956010", "trace-1", "", now.Add(time.Minute).UnixMilli()),
		body(t, "18000000000", "trace-1", "", now.UnixMilli()), // any other content under the same trace
	} {
		w, resp := post(t, h, m)
		assert.Equal(t, 200, w.Code)
		assert.Equal(t, CodeSuccess, resp.Code)
	}
	assert.Equal(t, 1, rec.count())

	// An unsigned repeat learns nothing: it is refused like any bad sign.
	m := body(t, "18321956010", "trace-1", "", now.UnixMilli())
	m["sign"] = docSign
	_, resp = post(t, h, m)
	assert.Equal(t, CodeBadSign, resp.Code)

	_, resp = post(t, h, body(t, "18321956010", "trace-2", "", now.UnixMilli()))
	assert.Equal(t, CodeSuccess, resp.Code)
	assert.Equal(t, 2, rec.count(), "another trace is another message")
}

// blockingSender blocks each Send until release is closed, then returns err.
type blockingSender struct {
	calls   atomic.Int64
	started chan struct{}
	release chan struct{}
	err     error
}

func (b *blockingSender) Send(ctx context.Context, _ Message) error {
	if b.calls.Add(1) == 1 {
		close(b.started)
	}
	<-b.release
	return b.err
}

// TestConcurrentRepeatsSendOnce: repeats arriving while the first delivery
// is in progress wait for it and get its answer, success or failure.
func TestConcurrentRepeatsSendOnce(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("fail=%t", fail), func(t *testing.T) {
			s := &blockingSender{started: make(chan struct{}), release: make(chan struct{})}
			if fail {
				s.err = errors.New("provider down")
			}
			h := newHandler(t, KindSMS, s, io.Discard)
			first := body(t, "18321956010", "t-conc", "", time.Now().UnixMilli())
			codes := make(chan string, 20)
			go func() { _, resp := post(t, h, first); codes <- resp.Code }()
			<-s.started
			var wg sync.WaitGroup
			for i := 0; i < 19; i++ {
				wg.Add(1)
				m := body(t, "18321956010", "t-conc", "", time.Now().UnixMilli()+int64(i)) // retries with new timestamps
				go func() { defer wg.Done(); _, resp := post(t, h, m); codes <- resp.Code }()
			}
			require.Eventually(t, func() bool { return h.traces.waiting("t-conc") == 19 }, time.Minute, time.Millisecond)
			close(s.release)
			wg.Wait()
			want := CodeSuccess
			if fail {
				want = CodeSendFailed
			}
			for i := 0; i < 20; i++ {
				assert.Equal(t, want, <-codes)
			}
			assert.EqualValues(t, 1, s.calls.Load())
		})
	}
}

// TestChannelKind: each URL serves one channel. An e-mail needs a title; an
// e-mail never reaches an SMS Sender, nor an SMS an e-mail Sender.
func TestChannelKind(t *testing.T) {
	now := time.Now().UnixMilli()
	tests := []struct {
		name  string
		kind  Kind
		title any // nil: no title key
		code  string
	}{
		{"e-mail with title", KindEmail, "Your code", CodeSuccess},
		{"e-mail without title", KindEmail, nil, CodeBadRequest},
		{"e-mail with empty title", KindEmail, "", CodeBadRequest},
		{"e-mail with null title", KindEmail, json.RawMessage("null"), CodeBadRequest},
		{"SMS", KindSMS, nil, CodeSuccess},
		{"e-mail sent to the SMS URL", KindSMS, "Your code", CodeBadRequest},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			h := newHandler(t, tt.kind, rec, io.Discard)
			m := body(t, "someone@example.com", fmt.Sprintf("kind-%d", i), "", now)
			if tt.title != nil {
				m["title"] = tt.title
			}
			w, resp := post(t, h, m)
			assert.Equal(t, tt.code, resp.Code, resp.Msg)
			if tt.code != CodeSuccess {
				assert.Equal(t, 400, w.Code)
				assert.Zero(t, rec.count())
				return
			}
			require.Equal(t, 1, rec.count())
			assert.Equal(t, tt.kind, rec.msgs[0].Kind)
		})
	}
	_, err := NewHandler(Config{PrivateKey: key(t), Sender: &recorder{}})
	assert.ErrorContains(t, err, "Kind")
	_, err = NewHandler(Config{Kind: "whatsapp", PrivateKey: key(t), Sender: &recorder{}})
	assert.Error(t, err)
}

// TestMessageMasksUnderEveryVerb: recipient, title and content appear under
// no fmt verb, also inside another value.
func TestMessageMasksUnderEveryVerb(t *testing.T) {
	m := Message{Kind: KindEmail, ToUser: "jane.doe@example.com", Title: "Dear Jane Doe", Content: "code 847999 from 203.0.113.7",
		PushID: "acct", Trace: "tr-1", Timestamp: time.Unix(1, 0)}
	type wrapper struct {
		M Message
		P *Message
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v", "%10.3v", "%-v"} {
		for _, v := range []any{m, &m, wrapper{m, &m}, []Message{m}, map[string]Message{"k": m}} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{"jane", "Jane", "847999", "203.0.113.7", "6a616e65"} {
				assert.NotContains(t, out, secret, "%s of %T: %s", verb, v, out)
			}
		}
	}
	assert.Equal(t, "Message{kind=email trace=tr-1}", fmt.Sprintf("%#v", m))
}

// TestRepeatSetMemory: the documented bound (64 bytes per remembered
// trace) is what a full set costs on the heap.
func TestRepeatSetMemory(t *testing.T) {
	const n = 100_000
	keys := make([][16]byte, n)
	for i := range keys {
		keys[i] = repeatKey(fmt.Sprintf("trace-%d", i))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := newRepeatSet(n)
	for _, k := range keys {
		s.remember(k)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keys)
	perEntry := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.1f bytes per remembered trace", perEntry)
	assert.LessOrEqual(t, perEntry, 64.0, "Config.MaxTraces documents at most 64 bytes each")
	assert.Equal(t, n, s.len())
	// Full: more traces replace the oldest, the memory stays.
	for i := 0; i < n/2; i++ {
		s.remember(repeatKey(fmt.Sprintf("more-%d", i)))
	}
	assert.Equal(t, n, s.len())
	runtime.KeepAlive(s)
}

func TestLongSignInBlocks(t *testing.T) {
	to := strings.Repeat("x", 150) + "@example.com"
	s, err := Sign(&key(t).PublicKey, to, "1", "tr")
	require.NoError(t, err)
	assert.Contains(t, s, ",")
	assert.True(t, Verify(key(t), s, to, "1", "tr"))
}

func TestParsePrivateKey(t *testing.T) {
	_, err := ParsePrivateKey("not a key")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "not a key")
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	_ = k
	_, err = NewHandler(Config{Kind: KindSMS, Sender: &recorder{}})
	require.Error(t, err)
	_, err = NewHandler(Config{Kind: KindSMS, PrivateKey: k})
	require.Error(t, err)
	assert.NotContains(t, Message{ToUser: "a@b.c", Content: "secret"}.String(), "a@b.c")
}

func FuzzVerify(f *testing.F) {
	f.Add(docSign, "18321956010", "1651118320014", "aaaaaaaaaabbbbbbbbbb11111")
	f.Add("", "", "", "")
	f.Add("AAAA,BBBB", "a", "1", "t")
	k := key(f)
	f.Fuzz(func(t *testing.T, sign, toUser, ts, trace string) {
		ok := Verify(k, sign, toUser, ts, trace)
		if ok && sign != docSign {
			// only a real encryption of the content can verify; random input must not
			t.Fatalf("unexpected verification of %q", sign)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"toUser":"1","trace":"t","sign":"s","content":"c","timestamp":1651118320014}`))
	f.Add([]byte(`{"to_user":"1","trace":"t","sign":"s","content":"c","timestamp":"1"}`))
	f.Add([]byte(`{"toUser":"a@b.c","trace":"t","sign":"s","title":"T","content":"c","timestamp":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kind := range []Kind{KindEmail, KindSMS} {
			m, sign, ts, err := Decode(b, kind)
			if err != nil {
				continue
			}
			if m.ToUser == "" || m.Trace == "" || sign == "" || m.Content == "" || ts == "" {
				t.Fatalf("accepted a message with a required field empty")
			}
			if m.Kind != kind || (kind == KindEmail) != (m.Title != "") {
				t.Fatalf("a %s handler accepted %s with title %q", kind, m.Kind, m.Title)
			}
		}
	})
}

func BenchmarkServeHTTP(b *testing.B) {
	h := newHandler(b, KindSMS, SenderFunc(func(context.Context, Message) error { return nil }), io.Discard)
	ts := time.Now().UnixMilli()
	sign, _ := Sign(&key(b).PublicKey, "a@b.c", strconv.FormatInt(ts, 10), "same")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		// the same signed body every time: verification is the hot path; repeats are refused after the first
		bd, _ := json.Marshal(map[string]any{"toUser": "a@b.c", "trace": "same", "sign": sign, "content": "c", "timestamp": ts})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(bd)))
	}
}

// countDecryptions counts RSA decryptions until the test ends.
func countDecryptions(t *testing.T) *atomic.Int64 {
	var n atomic.Int64
	orig := decryptPKCS1v15
	decryptPKCS1v15 = func(r io.Reader, k *rsa.PrivateKey, ct []byte) ([]byte, error) {
		n.Add(1)
		return orig(r, k, ct)
	}
	t.Cleanup(func() { decryptPKCS1v15 = orig })
	return &n
}

// TestCheapChecksBeforeDecryption: a stale timestamp is refused without any
// RSA decryption, whatever the sign.
func TestCheapChecksBeforeDecryption(t *testing.T) {
	rec := &recorder{}
	h := newHandler(t, KindSMS, rec, io.Discard)
	n := countDecryptions(t)
	junk := strings.TrimSuffix(strings.Repeat(docSign+",", 20), ",")

	m := body(t, "a@b.c", "t-stale", "", time.Now().Add(-time.Hour).UnixMilli())
	m["sign"] = junk
	_, resp := post(t, h, m)
	assert.Equal(t, CodeStale, resp.Code)
	assert.Zero(t, n.Load(), "stale: no decryption")
	assert.Zero(t, rec.count())
}

// TestSignBlocksCapped: a sign may have no more blocks than its text needs
// (ceil(len/(k-11)) for a k-byte key); extra blocks, even ones that decrypt to
// nothing, are refused before they are decrypted.
func TestSignBlocksCapped(t *testing.T) {
	k := key(t)
	ts := "1651118320014"
	sign, err := Sign(&k.PublicKey, "a@b.c", ts, "tr")
	require.NoError(t, err)
	require.True(t, Verify(k, sign, "a@b.c", ts, "tr"))
	empty, err := rsa.EncryptPKCS1v15(rand.Reader, &k.PublicKey, nil)
	require.NoError(t, err)
	padded := sign + strings.Repeat(","+base64.StdEncoding.EncodeToString(empty), 10)
	n := countDecryptions(t)
	assert.False(t, Verify(k, padded, "a@b.c", ts, "tr"), "blocks beyond what the text needs")
	assert.Zero(t, n.Load(), "refused before decrypting")

	// A long text needs (and may have) several blocks.
	to := strings.Repeat("x", 150) + "@example.com"
	long, err := Sign(&k.PublicKey, to, ts, "tr")
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(long, ",")+1)
	assert.True(t, Verify(k, long, to, ts, "tr"))
}
