package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunWithEmbeddedFake runs the example against the embedded fake until
// the registrations have been printed, then cancels it like Ctrl-C would.
func TestRunWithEmbeddedFake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	t0 := time.Now()
	require.NoError(t, run(ctx, func(string) string { return "" }))
	require.Less(t, time.Since(t0), 4*time.Second)
}

func TestRunNeedsTokenForRealServer(t *testing.T) {
	env := map[string]string{"MM_BASE_URL": "https://example.invalid/openapi-b", "MM_COMPANY_ID": "1"}
	err := run(context.Background(), func(k string) string { return env[k] })
	require.Error(t, err)
}
