package multimarkets

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enumCase is what TestEveryEnum needs of one code-list type: its String
// and its UnmarshalJSON, on int64 values.
type enumCase struct {
	str    func(int64) string
	decode func([]byte) (int64, error)
}

// caseOf builds the enumCase of T; T must have String and a pointer
// UnmarshalJSON.
func caseOf[T interface {
	~int
	fmt.Stringer
}, P interface {
	*T
	json.Unmarshaler
}]() enumCase {
	return enumCase{
		str: func(v int64) string { return T(v).String() },
		decode: func(b []byte) (int64, error) {
			var v T
			err := P(&v).UnmarshalJSON(b)
			return int64(v), err
		},
	}
}

// enumCases lists every code-list type of the package. TestEveryEnum fails
// for an integer type with a String method that is missing here.
var enumCases = map[string]enumCase{
	"AccountKind":            caseOf[AccountKind](),
	"AccountStatus":          caseOf[AccountStatus](),
	"AdjustmentBusinessType": caseOf[AdjustmentBusinessType](),
	"CodeState":              caseOf[CodeState](),
	"CustomerStatus":         caseOf[CustomerStatus](),
	"CustomerType":           caseOf[CustomerType](),
	"Direction":              caseOf[Direction](),
	"FlowDirection":          caseOf[FlowDirection](),
	"FlowStatus":             caseOf[FlowStatus](),
	"FlowSubtype":            caseOf[FlowSubtype](),
	"FlowType":               caseOf[FlowType](),
	"GroupType":              caseOf[GroupType](),
	"KYCAuditStatus":         caseOf[KYCAuditStatus](),
	"KlineAdjustType":        caseOf[KlineAdjustType](),
	"KlineType":              caseOf[KlineType](),
	"LoginType":              caseOf[LoginType](),
	"MarginSetType":          caseOf[MarginSetType](),
	"OpenAccountType":        caseOf[OpenAccountType](),
	"OrderStatus":            caseOf[OrderStatus](),
	"OrderType":              caseOf[OrderType](),
	"PositionStatus":         caseOf[PositionStatus](),
	"RateType":               caseOf[RateType](),
	"RecordStatus":           caseOf[RecordStatus](),
	"RefreshType":            caseOf[RefreshType](),
	"RegisterSource":         caseOf[RegisterSource](),
	"ReviewStatus":           caseOf[ReviewStatus](),
	"TradeType":              caseOf[TradeType](),
	"TransferDirection":      caseOf[TransferDirection](),
}

// enumConst is a constant of a code-list type, as declared in the source.
type enumConst struct {
	typ, name string
	value     int64
	pos       string
}

// declaredEnums reads the package's non-test files and returns the
// integer types with a String method and every constant declared with one
// of those types.
func declaredEnums(t *testing.T) (types []string, consts []enumConst) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var parsed []*ast.File
	intTypes := map[string]bool{}
	stringers := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		require.NoError(t, err)
		parsed = append(parsed, f)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						if id, ok := ts.Type.(*ast.Ident); ok && id.Name == "int" {
							intTypes[ts.Name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "String" {
					if id, ok := d.Recv.List[0].Type.(*ast.Ident); ok {
						stringers[id.Name] = true
					}
				}
			}
		}
	}
	enums := map[string]bool{}
	for name := range intTypes {
		if stringers[name] {
			enums[name] = true
			types = append(types, name)
		}
	}
	sort.Strings(types)
	for _, f := range parsed {
		for _, decl := range f.Decls {
			d, ok := decl.(*ast.GenDecl)
			if !ok || d.Tok != token.CONST {
				continue
			}
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok || !enums[id.Name] {
					continue
				}
				for i, name := range vs.Names {
					pos := fset.Position(name.Pos()).String()
					require.Less(t, i, len(vs.Values), "%s: %s: give the constant an explicit value", pos, name.Name)
					lit, ok := vs.Values[i].(*ast.BasicLit)
					require.True(t, ok && lit.Kind == token.INT, "%s: %s: the test reads integer literals only", pos, name.Name)
					v, err := strconv.ParseInt(lit.Value, 0, 64)
					require.NoError(t, err, pos)
					consts = append(consts, enumConst{typ: id.Name, name: name.Name, value: v, pos: pos})
				}
			}
		}
	}
	return types, consts
}

// TestEveryEnum: every code-list type shares String and UnmarshalJSON
// (enum.go); every declared constant has a name of its own, not the
// "Type(n)" fallback, and decodes from a number and from a numeric string;
// unknown values print as "Type(n)" and are kept; "" and null decode as 0.
func TestEveryEnum(t *testing.T) {
	t.Parallel()
	types, consts := declaredEnums(t)
	var listed []string
	for name := range enumCases {
		listed = append(listed, name)
	}
	sort.Strings(listed)
	require.Equal(t, types, listed, "enumCases must list every integer type with a String method")
	require.Len(t, types, 28)

	perType := map[string]int{}
	for _, c := range consts {
		perType[c.typ]++
		e := enumCases[c.typ]
		s := e.str(c.value)
		fallback := c.typ + "(" + strconv.FormatInt(c.value, 10) + ")"
		assert.NotEqual(t, fallback, s, "%s: %s has no name", c.pos, c.name)
		assert.NotEmpty(t, s, "%s: %s", c.pos, c.name)
		for _, wire := range []string{strconv.FormatInt(c.value, 10), `"` + strconv.FormatInt(c.value, 10) + `"`} {
			got, err := e.decode([]byte(wire))
			if assert.NoError(t, err, "%s: %s from %s", c.pos, c.name, wire) {
				assert.Equal(t, c.value, got, "%s: %s from %s", c.pos, c.name, wire)
				assert.Equal(t, s, e.str(got), "%s: %s", c.pos, c.name)
			}
		}
	}
	for _, typ := range types {
		assert.NotZero(t, perType[typ], "%s has no constants", typ)
		e := enumCases[typ]
		assert.Equal(t, typ+"(-7)", e.str(-7), "unknown values print as %s(n)", typ)
		for _, wire := range []string{"-7", `"-7"`} {
			got, err := e.decode([]byte(wire))
			require.NoError(t, err, "%s from %s", typ, wire)
			assert.Equal(t, int64(-7), got, "%s keeps unknown values", typ)
		}
		for _, wire := range []string{"null", `""`, "0", `"0"`} {
			got, err := e.decode([]byte(wire))
			require.NoError(t, err, "%s from %s", typ, wire)
			assert.Zero(t, got, "%s from %s", typ, wire)
		}
		for _, wire := range []string{`"x"`, `{}`, `[1]`, `true`, `"1x"`, `1.5`} {
			_, err := enumCases[typ].decode([]byte(wire))
			assert.Error(t, err, "%s from %s", typ, wire)
		}
	}
}

// BenchmarkEnumDecode measures the shared UnmarshalJSON and String of the
// code lists on a plain value (0 allocs/op expected).
func BenchmarkEnumDecode(b *testing.B) {
	b.ReportAllocs()
	in := []byte(`"60301"`)
	var f FlowSubtype
	for i := 0; i < b.N; i++ {
		if err := f.UnmarshalJSON(in); err != nil || f.String() == "" {
			b.Fatal(err)
		}
	}
}
