package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunWithEmbeddedFake runs the example against the embedded fake for a
// moment, then cancels it like Ctrl-C would: it stops without an error.
func TestRunWithEmbeddedFake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(string) string { return "" }) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(time.Minute): // only against a hang
		t.Fatal("run did not stop after cancellation")
	}
}

func TestRunNeedsTokenForRealServer(t *testing.T) {
	env := map[string]string{"MM_BASE_URL": "https://example.invalid/openapi-b", "MM_COMPANY_ID": "1"}
	err := run(context.Background(), func(k string) string { return env[k] })
	require.Error(t, err)
}
