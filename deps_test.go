package multimarkets_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCoreDependsOnNoOpenTelemetry: only package mmotel imports
// OpenTelemetry; the SDK's other packages reach it through their observer
// hooks, so a user who does not import mmotel does not link it. No SDK
// package links a database driver either: wallet/sqlstore and push/pushsql
// take the caller's *sql.DB, and only tests and examples import pgx or SQLite.
func TestCoreDependsOnNoOpenTelemetry(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	pkgs := []string{".", "./push", "./push/pushtest", "./wallet", "./wallet/sqlstore", "./wallet/wallettest", "./msgchannel", "./mmtest"}
	out, err := exec.Command(goTool, append([]string{"list", "-deps", "-test=false"}, pkgs...)...).Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/multimarkets-sdk/multimarkets-go")
	for _, d := range deps {
		for _, banned := range []string{"go.opentelemetry.io/", "github.com/jackc/pgx/", "modernc.org/sqlite"} {
			assert.False(t, strings.HasPrefix(d, banned), "the core depends on %s", d)
		}
	}

	// The check can see OpenTelemetry where it is imported.
	out, err = exec.Command(goTool, "list", "-deps", "-test=false", "./mmotel").Output()
	require.NoError(t, err)
	assert.Contains(t, strings.Fields(string(out)), "go.opentelemetry.io/otel/trace")
}
