// Package msgchannel serves MultiMarkets' "custom message channel": for an
// e-mail or SMS channel MultiMarkets cannot serve itself, it POSTs each message
// to the white label's URL, and this Handler checks it and hands it to the
// white label's Sender.
//
// E-mail and SMS accounts are configured separately in the MultiMarkets back
// office, each with its own URL: serve each URL with its own Handler, whose
// Config.Kind says which channel it is. An e-mail handler refuses a message
// without a title; an SMS handler refuses one with a title; neither hands a
// message of the other kind to its Sender.
//
// The trace is the documented "global link unique identifier" of a message.
// A message whose trace was delivered before is not sent again, whatever its
// timestamp and sign: MultiMarkets retrying a message is the usual reason
// for a repeat. The repeat is answered as the first delivery was (success),
// so that MultiMarkets stops retrying.
//
// Authentication is as documented: sign is toUser@timestamp@trace encrypted
// (RSA PKCS#1 v1.5) with the public key configured in the MultiMarkets back
// office; the Handler decrypts it with the matching private key and compares.
// Note that the sign does not cover title or content, and anyone holding the
// public key can make one: keep the public key confidential too, and use TLS.
package msgchannel

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonkey"
	"github.com/multimarkets-sdk/multimarkets-go/internal/mmcrypto"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// Kind is the channel a message is for.
type Kind string

const (
	// KindEmail is an e-mail: it has a title (required).
	KindEmail Kind = "email"
	// KindSMS is a text message: it has no title.
	KindSMS Kind = "sms"
)

// Message is one message MultiMarkets asks the white label to send.
// ToUser, Title and Content are personal data (addresses, phone numbers,
// names, codes): String, LogValue and every fmt verb (%v, %+v, %#v, %s,
// %q, %x, %d, …) print only the kind and the trace.
type Message struct {
	Kind      Kind      // the handler's Config.Kind
	PushType  string    // channel type, optional
	PushID    string    // channel account ID, optional
	ToUser    string    // e-mail address or phone number
	Trace     string    // MultiMarkets' unique ID of the message
	Title     string    // e-mail subject; empty for SMS
	Content   string    // the text to deliver
	Timestamp time.Time // when MultiMarkets sent it; signed, and checked against Config.Window
}

// String describes the message without recipient, title or content.
func (m Message) String() string {
	return fmt.Sprintf("Message{kind=%s trace=%s}", m.Kind, m.Trace)
}

// Format prints String under every verb (%q quotes it), so that no verb,
// %#v included, prints the recipient, the title or the content.
func (m Message) Format(f fmt.State, verb rune) { redact.Format(f, verb, m.String()) }

// LogValue makes slog print the same redacted view as String.
func (m Message) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", string(m.Kind)), slog.String("trace", m.Trace))
}

// Sender delivers messages; the SDK user implements it.
type Sender interface {
	// Send delivers m. A nil error is answered as success; an error as a
	// failure, after which the same message may be sent again.
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// Config configures a Handler. Kind, PrivateKey and Sender are required.
type Config struct {
	// Kind is the channel this handler's URL is configured for in the
	// MultiMarkets back office: KindEmail or KindSMS. Messages of the other
	// kind are refused (400) and never reach Sender.
	Kind Kind
	// PrivateKey is the white label's private key matching the public key
	// configured at MultiMarkets. ParsePrivateKey reads the doc's base64 form.
	PrivateKey *rsa.PrivateKey
	// Sender delivers the messages.
	Sender Sender
	// Window is how far the body's timestamp may be from now. Default 5 minutes.
	Window time.Duration
	// MaxTraces bounds how many delivered traces are remembered to answer
	// repeats without sending again. Default 100 000; the oldest are
	// forgotten first. Each costs about 40 bytes and at most 64 (a 16-byte
	// hash of the trace in a ring and in a set; TestRepeatSetMemory measures
	// it), so the default holds at most 6.4 MB. A trace whose delivery
	// failed is not remembered: MultiMarkets' retry is sent.
	MaxTraces int
	// SendTimeout bounds a Sender call. Default 10 s.
	SendTimeout time.Duration
	// Logger gets one line per call, without recipient or content. Default slog.Default().
	Logger *slog.Logger
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Observer, if set, receives an event per answered call, for tracing
	// and metrics (see Observer; package mmotel makes one).
	Observer *Observer
}

// Handler is the http.Handler for the custom message channel. Safe for concurrent use.
type Handler struct {
	cfg    Config
	traces *repeatSet
}

// NewHandler checks cfg and returns the Handler.
func NewHandler(cfg Config) (*Handler, error) {
	if cfg.Kind != KindEmail && cfg.Kind != KindSMS {
		return nil, errors.New("msgchannel: Config.Kind is required: KindEmail or KindSMS (the channel this URL is configured for)")
	}
	if cfg.PrivateKey == nil {
		return nil, errors.New("msgchannel: Config.PrivateKey is required")
	}
	if cfg.Sender == nil {
		return nil, errors.New("msgchannel: Config.Sender is required")
	}
	if cfg.Window <= 0 {
		cfg.Window = 5 * time.Minute
	}
	if cfg.MaxTraces <= 0 {
		cfg.MaxTraces = 100_000
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Handler{cfg: cfg, traces: newRepeatSet(cfg.MaxTraces)}, nil
}

// Answer codes. Only CodeSuccess is documented; the others are this SDK's,
// written like HTTP statuses and sent with the same HTTP status.
const (
	CodeSuccess    = "200" // sent
	CodeBadRequest = "400" // malformed body, missing field, or a message of the other kind
	CodeBadSign    = "401" // sign does not verify
	CodeStale      = "408" // timestamp outside the window
	CodeRepeated   = "409" // the first delivery of this trace was still in progress when this request ended; nothing sent again
	CodeSendFailed = "502" // the Sender failed; MultiMarkets may retry
)

// Response is the answer body: {"msg":"success","code":"200"} on success.
type Response struct {
	Msg  string `json:"msg"`  // "success", or why the message was refused
	Code string `json:"code"` // CodeSuccess or one of the other Code… constants
}

const maxBody = 64 << 10

// Field limits (undocumented; generous).
const (
	maxToUser  = 320
	maxTrace   = 128
	maxTitle   = 1000
	maxContent = 32 << 10
	maxSign    = 4096
)

// ServeHTTP checks and delivers one message.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Observer != nil && !observing(w) {
		h.serveObserved(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.answer(w, r, http.StatusMethodNotAllowed, Response{Msg: "method not allowed", Code: "405"}, "")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		h.answer(w, r, 400, Response{Msg: "body unreadable or too large", Code: CodeBadRequest}, "")
		return
	}
	m, sign, tsText, err := Decode(body, h.cfg.Kind)
	if err != nil {
		h.answer(w, r, 400, Response{Msg: err.Error(), Code: CodeBadRequest}, "")
		return
	}
	noteKind(w, m.Kind)
	// The stale check comes before the RSA decryption, so that stale bodies
	// (whatever their sign) cost no private-key operation.
	now := h.cfg.Now()
	if d := now.Sub(m.Timestamp); d > h.cfg.Window || d < -h.cfg.Window {
		h.answer(w, r, 408, Response{Msg: "timestamp outside the accepted window", Code: CodeStale}, m.Trace)
		return
	}
	// A repeat is answered only once its sign verifies: an unsigned body
	// learns nothing about which traces were delivered.
	if !Verify(h.cfg.PrivateKey, sign, m.ToUser, tsText, m.Trace) {
		h.answer(w, r, 401, Response{Msg: "sign does not verify", Code: CodeBadSign}, m.Trace)
		return
	}
	key := repeatKey(m.Trace)
	delivered, f := h.traces.begin(key)
	if delivered || f != nil {
		noteRepeat(w)
	}
	switch {
	case delivered:
		h.answer(w, r, 200, Response{Msg: "success", Code: CodeSuccess}, m.Trace)
		return
	case f != nil: // the first delivery is in progress: answer as it is answered
		select {
		case <-f.done:
			if f.ok {
				h.answer(w, r, 200, Response{Msg: "success", Code: CodeSuccess}, m.Trace)
			} else {
				h.answer(w, r, 502, Response{Msg: "send failed", Code: CodeSendFailed}, m.Trace)
			}
		case <-r.Context().Done():
			h.answer(w, r, 409, Response{Msg: "first delivery still in progress", Code: CodeRepeated}, m.Trace)
		}
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.SendTimeout)
	defer cancel()
	err = h.send(ctx, m)
	h.traces.finish(key, err == nil) // a failure is forgotten: MultiMarkets' retry is sent
	if err != nil {
		h.cfg.Logger.Warn("msgchannel: sender failed", slog.Any("message", m), slog.String("err", truncate(err.Error(), 200)))
		h.answer(w, r, 502, Response{Msg: "send failed", Code: CodeSendFailed}, m.Trace)
		return
	}
	h.answer(w, r, 200, Response{Msg: "success", Code: CodeSuccess}, m.Trace)
}

func (h *Handler) send(ctx context.Context, m Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("msgchannel: panic in Sender")
		}
	}()
	return h.cfg.Sender.Send(ctx, m)
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, status int, resp Response, trace string) {
	b, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	level := slog.LevelInfo
	if resp.Code != CodeSuccess {
		level = slog.LevelWarn
	}
	h.cfg.Logger.LogAttrs(r.Context(), level, "msgchannel", slog.String("code", resp.Code), slog.String("trace", trace))
}

// Decode reads a message body of the given kind (camelCase or snake_case
// keys) and returns the message, its sign, and the timestamp exactly as
// written (the text that was signed). An e-mail must have a title; an SMS
// must not (a title means an e-mail sent to the SMS channel's URL).
func Decode(body []byte, kind Kind) (m Message, sign, timestampText string, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return Message{}, "", "", errors.New("body is not a JSON object")
	}
	var firstErr error
	get := func(name string, required bool, max int) string {
		v, ok := raw[name]
		if !ok {
			v, ok = raw[jsonkey.Snake(name)]
		}
		if !ok || string(bytes.TrimSpace(v)) == "null" {
			if required && firstErr == nil {
				firstErr = errors.New(name + ": missing")
			}
			return ""
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			var n json.Number
			if json.Unmarshal(v, &n) != nil {
				if firstErr == nil {
					firstErr = errors.New(name + ": must be a string")
				}
				return ""
			}
			s = n.String()
		}
		if required && s == "" && firstErr == nil {
			firstErr = errors.New(name + ": empty")
		}
		if (len(s) > max || !utf8.ValidString(s)) && firstErr == nil {
			firstErr = errors.New(name + ": too long or not UTF-8")
		}
		return s
	}
	m.PushType = get("pushType", false, 64)
	m.PushID = get("pushId", false, 128)
	m.ToUser = get("toUser", true, maxToUser)
	m.Trace = get("trace", true, maxTrace)
	sign = get("sign", true, maxSign)
	m.Title = get("title", kind == KindEmail, maxTitle)
	m.Content = get("content", true, maxContent)
	timestampText = strings.TrimSpace(get("timestamp", true, 20))
	if firstErr != nil {
		return Message{}, "", "", firstErr
	}
	ms, perr := strconv.ParseInt(timestampText, 10, 64)
	if perr != nil {
		return Message{}, "", "", errors.New("timestamp: must be an integer of milliseconds")
	}
	m.Timestamp = time.UnixMilli(ms).UTC()
	switch kind {
	case KindEmail:
	case KindSMS:
		if m.Title != "" {
			return Message{}, "", "", errors.New("title: present, but this URL serves SMS (an e-mail sent to the SMS channel?)")
		}
	default:
		return Message{}, "", "", errors.New("msgchannel: unknown kind")
	}
	m.Kind = kind
	return m, sign, timestampText, nil
}

// SignContent is the documented plain text of a sign: toUser@timestamp@trace.
func SignContent(toUser, timestamp, trace string) string {
	return toUser + "@" + timestamp + "@" + trace
}

// decryptPKCS1v15 is rsa.DecryptPKCS1v15; tests count the calls.
var decryptPKCS1v15 = rsa.DecryptPKCS1v15

// Verify reports whether sign decrypts under key to toUser@timestamp@trace.
// A sign may be one base64 block or several joined by commas (for texts
// longer than one RSA block); the decrypted blocks are concatenated. A sign
// with more blocks than the text needs (ceil(len/(k-11)) for a k-byte key),
// or a block longer than k bytes, is refused before anything is decrypted.
func Verify(key *rsa.PrivateKey, sign, toUser, timestamp, trace string) bool {
	if key == nil || sign == "" {
		return false
	}
	want := []byte(SignContent(toUser, timestamp, trace))
	k := key.Size()
	if k <= 11 {
		return false
	}
	maxBlocks := (len(want) + k - 12) / (k - 11)
	parts := strings.Split(sign, ",")
	if len(parts) > maxBlocks {
		return false
	}
	cts := make([][]byte, len(parts))
	for i, part := range parts {
		ct, err := base64.StdEncoding.DecodeString(strings.TrimSpace(part))
		if err != nil || len(ct) == 0 || len(ct) > k {
			return false
		}
		cts[i] = ct
	}
	var plain []byte
	for _, ct := range cts {
		p, err := decryptPKCS1v15(nil, key, ct)
		if err != nil {
			return false
		}
		plain = append(plain, p...)
	}
	return subtle.ConstantTimeCompare(plain, want) == 1
}

// Sign makes a sign as MultiMarkets does: toUser@timestamp@trace encrypted
// with the public key, in blocks joined by commas if it is long. For tests
// and for playing MultiMarkets' side.
func Sign(pub *rsa.PublicKey, toUser, timestamp, trace string) (string, error) {
	plain := []byte(SignContent(toUser, timestamp, trace))
	block := pub.Size() - 11
	var parts []string
	for len(plain) > 0 {
		n := min(block, len(plain))
		ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, plain[:n])
		if err != nil {
			return "", fmt.Errorf("msgchannel: sign: %w", err)
		}
		parts = append(parts, base64.StdEncoding.EncodeToString(ct))
		plain = plain[n:]
	}
	return strings.Join(parts, ","), nil
}

// ParsePrivateKey reads an RSA private key given as in MultiMarkets' docs
// (base64 of PKCS#8 DER, whitespace allowed) or as PEM (PKCS#8 or PKCS#1).
// Errors never contain key material.
func ParsePrivateKey(text string) (*rsa.PrivateKey, error) {
	k, err := mmcrypto.ParsePrivateKey(text)
	if err != nil {
		return nil, errors.New("msgchannel: " + strings.TrimPrefix(err.Error(), "mmcrypto: "))
	}
	return k, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// repeatKey identifies a message for repeat detection: the first 16 bytes
// of the SHA-256 of its trace (a collision needs about 2^64 traces).
func repeatKey(trace string) [16]byte {
	sum := sha256.Sum256([]byte(trace))
	return [16]byte(sum[:16])
}

// repeatSet remembers the delivered traces, at most max, oldest forgotten
// first, and the deliveries in progress. Per remembered trace it holds 16
// bytes in ring and one set entry of 16 bytes (plus the map's slack).
type repeatSet struct {
	mu        sync.Mutex
	max       int
	ring      [][16]byte // delivered keys in order; grows up to max, then overwritten from next
	next      int
	delivered map[[16]byte]struct{}
	flights   map[[16]byte]*flight // deliveries in progress, one per trace
}

// flight is a delivery in progress; done is closed when it ends, ok then
// says whether it succeeded.
type flight struct {
	done    chan struct{}
	ok      bool
	waiters int // repeats that joined it; guarded by repeatSet.mu
}

func newRepeatSet(max int) *repeatSet {
	return &repeatSet{max: max, delivered: map[[16]byte]struct{}{}, flights: map[[16]byte]*flight{}}
}

// begin reports whether key was delivered, or returns the delivery in
// progress to wait for; when neither, it starts a delivery (returns false,
// nil) that the caller must end with finish.
func (s *repeatSet) begin(key [16]byte) (bool, *flight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.delivered[key]; ok {
		return true, nil
	}
	if f := s.flights[key]; f != nil {
		f.waiters++
		return false, f
	}
	s.flights[key] = &flight{done: make(chan struct{})}
	return false, nil
}

// finish ends the delivery of key begun by begin: a success is remembered,
// a failure forgotten; waiters learn which.
func (s *repeatSet) finish(key [16]byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flights[key]
	delete(s.flights, key)
	if ok {
		s.remember(key)
	}
	if f != nil {
		f.ok = ok
		close(f.done)
	}
}

// remember adds key to the delivered set, forgetting the oldest beyond max.
// The ring grows by doubling up to max, never beyond.
func (s *repeatSet) remember(key [16]byte) {
	if _, ok := s.delivered[key]; ok {
		return
	}
	if len(s.ring) < s.max {
		if len(s.ring) == cap(s.ring) {
			grown := make([][16]byte, len(s.ring), min(max(2*cap(s.ring), 64), s.max))
			copy(grown, s.ring)
			s.ring = grown
		}
		s.ring = append(s.ring, key)
	} else {
		delete(s.delivered, s.ring[s.next])
		s.ring[s.next] = key
		s.next = (s.next + 1) % s.max
	}
	s.delivered[key] = struct{}{}
}

// waiting returns how many repeats joined the delivery of trace in
// progress, or -1 when none is in progress (for tests).
func (s *repeatSet) waiting(trace string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.flights[repeatKey(trace)]; f != nil {
		return f.waiters
	}
	return -1
}

func (s *repeatSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.delivered)
}
