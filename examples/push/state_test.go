package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"
	"github.com/multimarkets-sdk/multimarkets-go/push"
)

// TestRunWithState runs the example with -state on a SQLite file.
func TestRunWithState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "push.db")
	old := *stateFlag
	*stateFlag = path
	defer func() { *stateFlag = old }()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	require.NoError(t, run(ctx, func(string) string { return "" }))
	require.FileExists(t, path)
}

// TestOpenState: -state takes a SQLite file or a postgres:// URL, and its
// errors never show the URL's password.
func TestOpenState(t *testing.T) {
	ctx := context.Background()
	st, closeState, err := openState(ctx, "")
	require.NoError(t, err)
	assert.Nil(t, st, "no -state: no State")
	closeState()

	st, closeState, err = openState(ctx, filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	checkState(t, st)
	closeState()

	for _, bad := range []string{
		"postgres://push:s3cret-pw@db.internal:notaport/push?password=s3cret-pw",
		"postgres://push:s3cret-pw%zz@db.internal/push",
		"postgres://push:s3cret-pw@127.0.0.1:1/push?connect_timeout=5&password=s3cret-pw", // nothing listens there
	} {
		_, _, err := openState(ctx, bad)
		require.Error(t, err)
		for _, verb := range []string{"%v", "%+v", "%#v", "%q"} {
			assert.NotContains(t, fmt.Sprintf(verb, err), "s3cret", verb)
		}
	}

	t.Run("postgres", func(t *testing.T) {
		st, closeState, err := openState(ctx, pgtest.Schema(t))
		require.NoError(t, err)
		defer closeState()
		checkState(t, st)
	})
}

func checkState(t *testing.T, st push.State) {
	t.Helper()
	ctx := context.Background()
	ok, err := st.AcquireLease(ctx, "g", "me", time.Now(), time.Second)
	require.NoError(t, err)
	assert.True(t, ok)
}
