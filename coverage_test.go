package multimarkets_test

import (
	"go/ast"
	"go/parser"
	"go/token"
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

// opMethods reads the "//mm:op <bizType>" lines directly above the
// package's methods and returns, for each bizType, the methods naming it
// ("Service.Method"). Lines elsewhere (not in a method's doc comment) are
// returned under "" so that a misplaced line fails the test.
func opMethods(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	require.NoError(t, err)
	pkg := pkgs["multimarkets"]
	require.NotNil(t, pkg, "package multimarkets not found")
	got := map[string][]string{}
	for _, f := range pkg.Files {
		inDoc := map[*ast.Comment]bool{}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			recv := ""
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok {
						recv = id.Name
					}
				}
			}
			for _, c := range fd.Doc.List {
				if name, ok := strings.CutPrefix(c.Text, "//mm:op "); ok {
					inDoc[c] = true
					if recv == "" || !fd.Name.IsExported() {
						name = "" // only exported service methods name operations
					}
					got[strings.TrimSpace(name)] = append(got[strings.TrimSpace(name)], recv+"."+fd.Name.Name)
				}
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//mm:op") && !inDoc[c] {
					got[""] = append(got[""], fset.Position(c.Pos()).String())
				}
			}
		}
	}
	return got
}

// TestOpLines: every SDK operation is named by at least one exported
// service method's "//mm:op" line (operationBonus by two: Bonuses.Issue and
// Bonuses.Recover), and every such line names an SDK operation.
func TestOpLines(t *testing.T) {
	t.Parallel()
	methods := opMethods(t)
	assert.Empty(t, methods[""], "//mm:op lines not directly above an exported service method")
	delete(methods, "")
	for _, name := range mm.OperationNamesForTest() {
		assert.NotEmpty(t, methods[name], "operation %s: named by no service method", name)
		delete(methods, name)
	}
	assert.Empty(t, methods, "//mm:op lines naming no SDK operation")
}

// TestSpecCoverage fails for every operation of the published spec that
// has no SDK operation (matched by path and method), no service method
// (its "//mm:op <bizType>" line) or no fake-server handler
// (matched by bizType, the path without its "global/" or "auth/" prefix, or
// the market path).
func TestSpecCoverage(t *testing.T) {
	t.Parallel()
	spec := readSpecOperations(t, "testdata/spec/manager-api.openapi.yaml")
	assert.Len(t, spec, 41, "the spec has %d operations, want 41 (did the spec change?)", len(spec))
	sdk := mm.OperationMarketForTest() // path -> sent as GET
	methods := opMethods(t)
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
		if len(methods[name]) == 0 {
			why = append(why, "no service method with //mm:op "+name)
		}
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
