package main

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/examples/internal/otelstdout"
)

// syncBuffer is a bytes.Buffer safe for the exporters' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// TestOTelStdout runs the example with the telemetry -otel stdout sets up:
// the handled events and the SDK calls that caused them are printed as spans.
func TestOTelStdout(t *testing.T) {
	var out syncBuffer
	tel, stop, err := otelstdout.Start("stdout", "test", &out, time.Hour)
	require.NoError(t, err)
	telemetry = tel
	defer func() { telemetry = nil }()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	require.NoError(t, run(ctx, func(string) string { return "" }))
	stop()
	s := out.b.String()
	assert.Contains(t, s, `"Name": "multimarkets push register"`)
	assert.Contains(t, s, `"Name": "multimarkets customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"`)
	assert.Contains(t, s, `"Name": "multimarkets.push.events"`)
	assert.NotContains(t, s, "18451251560", "no phone number")
}
