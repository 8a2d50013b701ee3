package msgchannel

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestObserverSeesKindCodeAndRepeats(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []AnsweredInfo
	obs := &Observer{Answered: func(_ context.Context, i AnsweredInfo) {
		mu.Lock()
		got = append(got, i)
		mu.Unlock()
	}}
	h := newHandler(t, KindEmail, &recorder{}, io.Discard)
	h.cfg.Observer = obs
	sms := newHandler(t, KindSMS, &recorder{}, io.Discard)
	sms.cfg.Observer = obs
	now := time.Now().UnixMilli()
	email := body(t, "jane@example.com", "tr-obs-1", "Hello", now)
	post(t, h, email)
	post(t, h, email) // a repeat: answered as the first delivery was, and reported as a repeat
	post(t, sms, body(t, "13800138000", "tr-obs-2", "", now))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/msg", nil))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/msg", strings.NewReader("{")))

	mu.Lock()
	defer mu.Unlock()
	for i := range got {
		assert.GreaterOrEqual(t, got[i].Duration, time.Duration(0))
		got[i].Duration = 0
	}
	assert.Equal(t, []AnsweredInfo{
		{Kind: KindEmail, Code: CodeSuccess},
		{Kind: KindEmail, Code: CodeSuccess, Repeated: true},
		{Kind: KindSMS, Code: CodeSuccess},
		{Code: "405"},
		{Code: CodeBadRequest},
	}, got)
}

func TestPanickingObserverDoesNotBreakAnswers(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	var mu sync.Mutex
	h := newHandler(t, KindEmail, &recorder{}, lockedBuilder{&mu, &logs})
	h.cfg.Observer = &Observer{Answered: func(context.Context, AnsweredInfo) { panic("observer bug") }}
	w, resp := post(t, h, body(t, "jane@example.com", "tr-obs-3", "Hello", time.Now().UnixMilli()))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, CodeSuccess, resp.Code)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, logs.String(), "Observer panicked")
}

type lockedBuilder struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (l lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
