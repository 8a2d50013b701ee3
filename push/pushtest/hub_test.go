package pushtest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dial(t *testing.T, s *Server, token, group string) *websocket.Conn {
	t.Helper()
	h := http.Header{"token": {token}, "group": {group}}
	c, _, err := websocket.Dial(context.Background(), s.BaseURL+"/ws", &websocket.DialOptions{HTTPHeader: h})
	require.NoError(t, err)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func readType(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, b, err := c.Read(ctx)
	require.NoError(t, err)
	var m struct {
		EventType string          `json:"eventType"`
		Data      json.RawMessage `json:"data"`
	}
	if json.Unmarshal(b, &m) != nil {
		return string(b)
	}
	return m.EventType
}

func TestHubReplaysWhatAnOfflineGroupMissed(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	require.NoError(t, s.Publish("before_group_existed", 1))
	s.EnsureGroup("g")
	require.NoError(t, s.PublishRegistration(Registration{CustomerID: 1, CustomerNo: "8601", AccountID: 9}))
	c := dial(t, s, "t", "g")
	assert.Equal(t, "register", readType(t, c))
	assert.Equal(t, "open_account", readType(t, c))
	require.NoError(t, s.PublishAdjustment(Adjustment{AccountID: 9, Amount: "-2.5", BalanceAfter: "7.5"}))
	assert.Equal(t, "subject_update", readType(t, c))
	assert.Equal(t, "subject_water_insert", readType(t, c))
	s.PublishRaw([]byte("not json"))
	assert.Equal(t, "not json", readType(t, c))
	s.Resend("g", 1)
	assert.Equal(t, "not json", readType(t, c))
}

func TestHubAnswersPingsAndRejectsBadTokens(t *testing.T) {
	s := NewServer(Options{PongMode: PongText, Authorize: func(tok string) bool { return tok == "ok" }})
	defer s.Close()
	_, resp, err := websocket.Dial(context.Background(), s.BaseURL+"/ws", &websocket.DialOptions{HTTPHeader: http.Header{"token": {"no"}}})
	require.Error(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	c := dial(t, s, "ok", "g")
	require.NoError(t, c.Write(context.Background(), websocket.MessageText, []byte("ping")))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	typ, b, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, websocket.MessageText, typ)
	assert.Equal(t, "pong", string(b))
}

func TestHubKicksOlderConnectionOfSameGroup(t *testing.T) {
	s := NewServer(Options{KickReason: "kicked"})
	defer s.Close()
	old := dial(t, s, "t", "g")
	require.Eventually(t, func() bool { return s.Connected("g") }, time.Minute, time.Millisecond)
	dial(t, s, "t", "g")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, _, err := old.Read(ctx)
	var ce websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "kicked", ce.Reason)
	assert.Equal(t, 1, s.Stats().Kicks)
}

func TestScaled(t *testing.T) {
	assert.Equal(t, json.Number("12500000"), scaled("12.5", 6))
	assert.Equal(t, json.Number("-3000000"), scaled("-3", 6))
	assert.Equal(t, json.Number("0"), scaled("0", 6))
	assert.Equal(t, "1.1234567", scaled("1.1234567", 6), "too many decimals stays visible")
}

// By default the Hub is at most once, the only behaviour the docs support:
// an event written to a connection that then died is not sent again.
func TestHubDefaultDoesNotResendWrittenEvents(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	s.EnsureGroup("g")
	c := dial(t, s, "t", "g")
	require.NoError(t, s.Publish("first", 1))
	assert.Equal(t, "first", readType(t, c))
	c.CloseNow()
	require.Eventually(t, func() bool { return !s.Connected("g") }, time.Minute, time.Millisecond)
	require.NoError(t, s.Publish("second", 2))
	c = dial(t, s, "t", "g")
	assert.Equal(t, "second", readType(t, c))
}

func TestHubRedeliverResendsWrittenEvents(t *testing.T) {
	s := NewServer(Options{Redeliver: true})
	defer s.Close()
	s.EnsureGroup("g")
	c := dial(t, s, "t", "g")
	require.NoError(t, s.Publish("first", 1))
	assert.Equal(t, "first", readType(t, c))
	c.CloseNow()
	require.Eventually(t, func() bool { return !s.Connected("g") }, time.Minute, time.Millisecond)
	require.NoError(t, s.Publish("second", 2))
	c = dial(t, s, "t", "g")
	assert.Equal(t, "first", readType(t, c))
	assert.Equal(t, "second", readType(t, c))
}
