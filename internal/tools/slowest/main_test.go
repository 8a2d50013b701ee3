package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const stream = `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestSlow"}
{"Action":"output","Package":"m/a","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"m/a","Test":"TestSlow","Output":"    a_test.go:9: quiet log\n"}
{"Action":"output","Package":"m/a","Test":"TestSlow","Output":"--- PASS: TestSlow (3.50s)\n"}
{"Action":"pass","Package":"m/a","Test":"TestSlow","Elapsed":3.5}
{"Action":"run","Package":"m/a","Test":"TestBad"}
{"Action":"output","Package":"m/a","Test":"TestBad","Output":"    a_test.go:12: boom\n"}
{"Action":"output","Package":"m/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.10s)\n"}
{"Action":"fail","Package":"m/a","Test":"TestBad","Elapsed":0.1}
{"Action":"output","Package":"m/a","Test":"TestBad/sub","Output":"--- PASS: TestBad/sub (9.00s)\n"}
{"Action":"pass","Package":"m/a","Test":"TestBad/sub","Elapsed":9}
{"Action":"output","Package":"m/a","Output":"FAIL\n"}
{"Action":"output","Package":"m/a","Output":"FAIL\tm/a\t3.700s\n"}
{"Action":"fail","Package":"m/a","Elapsed":3.7}
not json: printed as is
{"Action":"output","Package":"m/b","Output":"PASS\n"}
{"Action":"output","Package":"m/b","Output":"ok  \tm/b\t0.100s\n"}
{"Action":"pass","Package":"m/b","Elapsed":0.1}
{"Action":"output","Package":"m/c","Output":"?   \tm/c\t[no test files]\n"}
{"Action":"skip","Package":"m/c","Elapsed":0}
`

func TestPrintsLikeGoTestThenSlowestAndResults(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(stream), &out, 10, false))
	assert.Equal(t, `    a_test.go:12: boom
--- FAIL: TestBad (0.10s)
FAIL
FAIL	m/a	3.700s
not json: printed as is
ok  	m/b	0.100s
?   	m/c	[no test files]
== slowest 2 tests
    3.50s  pass  m/a  TestSlow
    0.10s  fail  m/a  TestBad
== package results
FAIL	m/a	3.700s
ok  	m/b	0.100s
?   	m/c	[no test files]
FAIL
`, out.String())
}

func TestVerbosePrintsEverything(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(stream), &out, 1, true))
	s := out.String()
	assert.Contains(t, s, "=== RUN   TestSlow\n    a_test.go:9: quiet log\n--- PASS: TestSlow (3.50s)\n")
	assert.Contains(t, s, "== slowest 1 tests\n    3.50s  pass  m/a  TestSlow\n== package results\n")
	assert.True(t, strings.HasSuffix(s, "?   \tm/c\t[no test files]\nFAIL\n"), s)
}

func TestLongLinesAndMissingNewline(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the reader's 64 KiB buffer
	in := `{"Action":"output","Package":"m/a","Output":"` + long + `\n"}` + "\n" + long + "\n" +
		`{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t1.0s\n"}` + "\n" + `{"Action":"pass","Package":"m/a"}`
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(in), &out, 10, false))
	assert.Equal(t, long+"\n"+long+"\nok  \tm/a\t1.0s\n== package results\nok  \tm/a\t1.0s\n", out.String())
}
