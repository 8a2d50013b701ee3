// Package examples_test checks what every program under examples/ does
// with its command line, by building and running each one: -h prints the
// usage and exits 0, a bad flag or a stray argument exits 2 with the
// reason, every invalid value is refused with exit status 2 before
// anything starts, and the programs that fall back to the embedded fake
// server say so on stderr in the same words.
package examples_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeNote is the line every program prints when it starts the embedded
// fake server, followed by the server's URL.
const fakeNote = "MM_BASE_URL is not set: using the embedded fake server at http://127.0.0.1:"

// invalid is one invalid command line and a part of the reason printed.
type invalid struct {
	args []string
	env  []string // besides the clean environment
	want string
}

// examples lists every program with its invalid values; TestExampleFlags
// fails when a directory under examples/ is missing here.
var examples = []struct {
	name    string
	env     []string // for every run, besides the clean environment
	invalid []invalid
	// fakeRun is a command line that runs against the embedded fake (nil:
	// the program has none); untilNote: it runs until Ctrl-C, which the
	// test sends once the note is printed.
	fakeRun   []string
	untilNote bool
}{
	{name: "register", fakeRun: []string{}, invalid: []invalid{
		{args: []string{"-group", "0"}, want: "invalid value for flag -group: must be > 0"},
		{args: []string{"-group", "-1"}, want: "invalid value for flag -group"},
		{args: []string{"-group", "1.5"}, want: `invalid value "1.5" for flag -group`},
		{args: []string{"-country", "XX"}, want: "invalid value for flag -country: not an ISO 3166-1 country code"},
		{args: []string{"-country", "cn"}, want: "invalid value for flag -country: ISO 3166-1 alpha-2 country code in upper case"},
		{args: []string{"-phone", "12ab"}, want: "invalid value for flag -phone"},
		{args: []string{"-phone-area", "86"}, want: "invalid value for flag -phone-area"},
		{args: []string{"-email", "jane"}, want: "invalid value for flag -email"},
		{args: []string{"-password", ""}, want: "invalid value for flag -password"},
		{args: []string{"-source", "Fax"}, want: "invalid value for flag -source"},
		{args: []string{"-third-party-code", strings.Repeat("x", 51)}, want: "invalid value for flag -third-party-code"},
	}},
	{name: "embed", fakeRun: []string{}, invalid: []invalid{
		{args: []string{"-group", "0"}, want: "invalid value for flag -group"},
		{args: []string{"-country", "XX"}, want: "invalid value for flag -country: not an ISO 3166-1 country code"},
		{args: []string{"-phone", "1"}, want: "invalid value for flag -phone"},
		{args: []string{"-phone", ""}, want: "invalid value for flag -phone: phone or e-mail required"},
		{args: []string{"-phone-area", "86"}, want: "invalid value for flag -phone-area"},
		{args: []string{"-password", ""}, want: "invalid value for flag -password"},
		{args: []string{"-url", "ftp://www.headline.net/"}, want: "invalid value for flag -url"},
		{args: []string{"-url", "/zh-CN/home"}, want: "invalid value for flag -url"},
	}},
	{name: "import", fakeRun: []string{"-in", "{dir}/customers.csv", "-demo", "3"}, invalid: []invalid{
		{args: []string{}, want: "flag -in is required"},
		{args: []string{"-in", "{dir}/c.csv", "-concurrency", "0"}, want: "invalid value for flag -concurrency: must be 1 to 256"},
		{args: []string{"-in", "{dir}/c.csv", "-concurrency", "-4"}, want: "invalid value for flag -concurrency"},
		{args: []string{"-in", "{dir}/c.csv", "-concurrency", "100000"}, want: "invalid value for flag -concurrency"},
		{args: []string{"-in", "{dir}/c.csv", "-rate", "-5"}, want: "invalid value for flag -rate"},
		{args: []string{"-in", "{dir}/c.csv", "-rate", "99999999999"}, want: "invalid value for flag -rate"},
		{args: []string{"-in", "{dir}/c.csv", "-demo", "-3"}, want: "invalid value for flag -demo"},
		{args: []string{"-in", "{dir}/c.csv", "-demo", "1000000000"}, want: "invalid value for flag -demo"},
		{args: []string{"-in", "{dir}/c.csv", "-out", "{dir}/c.csv"}, want: "invalid value for flag -out"},
	}},
	{name: "push", fakeRun: []string{}, untilNote: true},
	{name: "tour", fakeRun: []string{}, invalid: []invalid{
		{args: []string{"-group", "0"}, want: "invalid value for flag -group"},
		{args: []string{"-deal", "-1"}, want: "invalid value for flag -deal"},
		{args: []string{"-order", "-1"}, want: "invalid value for flag -order"},
		{args: []string{"-currency", ""}, want: "invalid value for flag -currency"},
		{args: []string{"-rate-from", ""}, want: "invalid value for flag -rate-from"},
		{args: []string{"-stock-symbol", ""}, want: "invalid value for flag -stock-symbol"},
		{args: []string{"-code", "123456"}, want: "invalid value for flag -code and -send-token"},
		{args: []string{"-webhook-base", "wallet.broker.example"}, want: "invalid value for flag -webhook-base"},
		// A real server: the tour changes data there only when told to.
		{args: []string{}, env: []string{"MM_BASE_URL=http://127.0.0.1:9/openapi-b"}, want: "give -allow-writes"},
		{args: []string{"-allow-writes"}, env: []string{"MM_BASE_URL=http://127.0.0.1:9/openapi-b"}, want: "give -webhook-base"},
	}},
	{name: "wallet", env: []string{"MM_COMPANY_ID=439"}, invalid: []invalid{
		{args: []string{"-addr", ":99999"}, want: "invalid value for flag -addr"},
		{args: []string{"-addr", "8080"}, want: "invalid value for flag -addr"},
		{args: []string{"-addr", ""}, want: "invalid value for flag -addr"},
		{args: []string{"-db", ""}, want: "invalid value for flag -db"},
		{args: []string{"-seed", "u1=5"}, want: "invalid value for flag -seed"},
		{args: []string{"-seed", "u1:USD=abc"}, want: "invalid value for flag -seed"},
		{args: []string{"-seed-file", "{dir}/missing.txt"}, want: "invalid value for flag -seed-file"},
		{args: []string{"-allow", "10.0.0.0/99"}, want: "invalid value for flag -allow"},
		{args: []string{}, env: []string{"MM_COMPANY_ID="}, want: "set MM_COMPANY_ID"},
	}},
}

func TestExampleFlags(t *testing.T) {
	t.Parallel()
	var dirs []string
	mains, err := filepath.Glob("*/main.go")
	require.NoError(t, err)
	for _, m := range mains {
		dirs = append(dirs, filepath.Dir(m))
	}
	var listed []string
	for _, ex := range examples {
		listed = append(listed, ex.name)
	}
	require.ElementsMatch(t, dirs, listed, "every program under examples/ is listed here")

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./...")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run(), "building the examples")

	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			exe := filepath.Join(bin, ex.name)
			usage := "Usage: "
			if ex.name == "wallet" {
				usage += "MM_COMPANY_ID=<your company ID> "
			}
			usage += "go run ./examples/" + ex.name + " "

			cases := []invalid{
				{args: []string{"-no-such-flag"}, want: "flag provided but not defined: -no-such-flag"},
				{args: []string{"stray"}, want: "unexpected argument: " + ex.name + " takes only flags"},
				{args: []string{"-h", "stray"}, want: usage}, // -h wins
			}
			for _, h := range []string{"-h", "-help", "--help"} {
				t.Run(h, func(t *testing.T) {
					dir := t.TempDir()
					code, stdout, stderr := runExample(t, exe, dir, ex.env, []string{h}, false)
					assert.Equal(t, 0, code, stderr)
					assert.True(t, strings.HasPrefix(stderr, usage), "the usage on stderr: %q", stderr)
					assert.Empty(t, stdout)
					assertNothingStarted(t, dir, stderr)
				})
			}
			for _, c := range append(cases, ex.invalid...) {
				name := strings.TrimSpace(strings.Join(c.args, " ") + " " + strings.Join(c.env, " "))
				if name == "" {
					name = "no flags"
				}
				t.Run(name, func(t *testing.T) {
					dir := t.TempDir()
					args := slices.Clone(c.args)
					for i := range args {
						args[i] = strings.ReplaceAll(args[i], "{dir}", dir)
					}
					code, stdout, stderr := runExample(t, exe, dir, append(slices.Clone(ex.env), c.env...), args, false)
					if c.want == usage {
						assert.Equal(t, 0, code, stderr)
					} else {
						assert.Equal(t, 2, code, stderr)
					}
					assert.Contains(t, stderr, c.want)
					assert.Empty(t, stdout)
					assertNothingStarted(t, dir, stderr)
				})
			}
			if ex.fakeRun != nil {
				t.Run("embedded fake", func(t *testing.T) {
					dir := t.TempDir()
					args := slices.Clone(ex.fakeRun)
					for i := range args {
						args[i] = strings.ReplaceAll(args[i], "{dir}", dir)
					}
					code, stdout, stderr := runExample(t, exe, dir, ex.env, args, ex.untilNote)
					assert.Equal(t, 0, code, "stdout %s\nstderr %s", stdout, stderr)
					assert.True(t, strings.HasPrefix(stderr, fakeNote), "stderr starts with the note: %q", stderr)
					assert.NotContains(t, stdout, "MM_BASE_URL")
				})
			}
		})
	}
}

// assertNothingStarted checks that a refused run left nothing behind: no
// server was started, no file written in its directory.
func assertNothingStarted(t *testing.T, dir, stderr string) {
	t.Helper()
	assert.NotContains(t, stderr, "MM_BASE_URL is not set")
	assert.NotContains(t, stderr, "wallet listening")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "files written")
}

// runExample runs the program in dir with a clean MM_ environment plus
// env. With untilNote it sends SIGINT once the embedded-fake note is on
// stderr. The deadline only guards against a hang.
func runExample(t *testing.T, exe, dir string, env, args []string, untilNote bool) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MM_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	errBuf := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = &out, errBuf
	require.NoError(t, cmd.Start())
	if untilNote {
		require.Eventually(t, func() bool { return strings.Contains(errBuf.String(), fakeNote) }, 2*time.Minute, 10*time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), out.String(), errBuf.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errBuf.String()
}

// lockedBuffer is a bytes.Buffer that the program's output goroutine and
// the test may use at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
