package multimarkets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSentinelDocsListTheirCodes: each sentinel's doc comment (which go doc
// shows) lists on its "Codes:" line exactly the codes sentinelCodes matches
// it with; a sentinel without codes has no such line.
func TestSentinelDocsListTheirCodes(t *testing.T) {
	t.Parallel()
	want := map[string][]string{} // sentinel message -> codes
	for code, sentinels := range sentinelCodes {
		for _, s := range sentinels {
			want[s.Error()] = append(want[s.Error()], string(code))
		}
	}
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, parser.ParseComments)
	require.NoError(t, err)
	codeRE := regexp.MustCompile(`[A-Z][A-Z0-9_]*[0-9]`)
	seen := 0
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Err") {
			return true
		}
		call, ok := vs.Values[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		msg, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		seen++
		name := vs.Names[0].Name
		require.NotNil(t, vs.Doc, "%s has no doc comment", name)
		doc := vs.Doc.Text()
		var got []string
		if _, codes, ok := strings.Cut(doc, "Codes: "); ok {
			codes, _, _ = strings.Cut(codes, ".\n")
			got = codeRE.FindAllString(codes, -1)
		}
		exp := want[msg]
		slices.Sort(got)
		slices.Sort(exp)
		require.Equal(t, exp, got, "%s: the Codes: line of its doc comment and sentinelCodes disagree", name)
		delete(want, msg)
		return true
	})
	require.Equal(t, 14, seen, "sentinels found in errors.go")
	require.Empty(t, want, "sentinels in sentinelCodes that errors.go does not declare")
}
