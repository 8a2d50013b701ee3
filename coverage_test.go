package multimarkets_test

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// specOperation is one path and method of the published spec.
type specOperation struct {
	path   string // without the leading "/", e.g. "global/report.admin.…"
	method string // "get" or "post"
}

// readSpecOperations scans the OpenAPI YAML without a YAML library: the
// paths are the 2-space-indented "  /…:" keys under "paths:", their
// methods the 4-space-indented "    get:"/"    post:"/… keys below them.
func readSpecOperations(t *testing.T, file string) []specOperation {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ops []specOperation
	inPaths, path := false, ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		switch {
		case line == "paths:":
			inPaths = true
		case !inPaths || line == "":
		case !strings.HasPrefix(line, " "): // the next top-level key ends paths
			inPaths = false
		case strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimPrefix(line, "  /"), ":")
		case path != "" && strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && strings.HasSuffix(line, ":"):
			switch m := strings.TrimSuffix(strings.TrimSpace(line), ":"); m {
			case "get", "post", "put", "delete", "patch":
				ops = append(ops, specOperation{path: path, method: m})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ops
}

// TestSpecCoverage fails for every operation of the published spec that
// has no SDK operation (matched by path and method) or no fake-server
// handler (matched by bizType, the path without its "global/" or "auth/"
// prefix, or the market path).
func TestSpecCoverage(t *testing.T) {
	spec := readSpecOperations(t, "testdata/spec/manager-api.openapi.yaml")
	if len(spec) != 41 {
		t.Errorf("the spec has %d operations, want 41 (did the scanner or the spec change?)", len(spec))
	}
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
