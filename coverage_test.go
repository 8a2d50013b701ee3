package multimarkets_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/specserver"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// specOperation is one path and method of the published spec.
type specOperation struct {
	path   string // without the leading "/", e.g. "global/report.admin.…"
	method string // "get" or "post"
}

// readSpecOperations lists the spec's operations through internal/specserver,
// which parses the OpenAPI file (one parser for the spec in the project).
func readSpecOperations(t *testing.T, file string) []specOperation {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	srv, err := specserver.New(raw, specserver.Options{})
	require.NoError(t, err)
	var ops []specOperation
	for _, path := range srv.Operations() {
		ops = append(ops, specOperation{path: path, method: strings.ToLower(srv.Method(path))})
	}
	return ops
}

// TestSpecCoverage fails for every operation of the published spec that
// has no SDK operation (matched by path and method) or no fake-server
// handler (matched by bizType, the path without its "global/" or "auth/"
// prefix, or the market path).
func TestSpecCoverage(t *testing.T) {
	t.Parallel()
	spec := readSpecOperations(t, "testdata/spec/manager-api.openapi.yaml")
	assert.Len(t, spec, 41, "the spec has %d operations, want 41 (did the spec change?)", len(spec))
	sdk := mm.OperationMarketForTest() // path -> sent as GET
	fake := map[string]bool{}
	for _, name := range mmtest.Operations() {
		fake[name] = true
	}
	var missing []string
	covered := 0
	for _, s := range spec {
		var why []string
		market, ok := sdk[s.path]
		switch {
		case !ok:
			why = append(why, "no SDK operation")
		case market != (s.method == "get"):
			why = append(why, "SDK sends "+map[bool]string{true: "GET", false: "POST"}[market]+", spec says "+strings.ToUpper(s.method))
		}
		name := strings.TrimPrefix(strings.TrimPrefix(s.path, "global/"), "auth/")
		if !fake[name] {
			why = append(why, "no fake-server handler")
		}
		if len(why) > 0 {
			missing = append(missing, strings.ToUpper(s.method)+" /"+s.path+": "+strings.Join(why, ", "))
			continue
		}
		covered++
	}
	t.Logf("covered %d of %d", covered, len(spec))
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("covered %d of %d; missing:\n  %s", covered, len(spec), strings.Join(missing, "\n  "))
	}
}
