package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestImportRefusesToOverwriteUserData: an output that is the input file
// (same name, another spelling, a hard or symbolic link, or the output's
// temporary file) and -demo on an existing file are refused with exit
// status 2, leaving the file as it was; -demo -force replaces it.
func TestImportRefusesToOverwriteUserData(t *testing.T) {
	t.Parallel()
	const userData = "phone,password,country\n13800000001,pw,CN\n"
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, in string) []string // returns the flags
		want  string
	}{
		{"-out is -in", func(t *testing.T, dir, in string) []string {
			return []string{"-in", in, "-out", in}
		}, "would overwrite the input file"},
		{"-out is -in spelled differently", func(t *testing.T, dir, in string) []string {
			return []string{"-in", in, "-out", filepath.Join(dir, ".", "sub", "..", "in.csv")}
		}, "would overwrite the input file"},
		{"-out is a hard link to -in", func(t *testing.T, dir, in string) []string {
			link := filepath.Join(dir, "link.csv")
			require.NoError(t, os.Link(in, link))
			return []string{"-in", in, "-out", link}
		}, "would overwrite the input file"},
		{"-out is a symbolic link to -in", func(t *testing.T, dir, in string) []string {
			link := filepath.Join(dir, "symlink.csv")
			require.NoError(t, os.Symlink(in, link))
			return []string{"-in", in, "-out", link}
		}, "would overwrite the input file"},
		{"-out's temporary file is -in", func(t *testing.T, dir, in string) []string {
			return []string{"-in", in, "-out", strings.TrimSuffix(in, ".tmp")}
		}, "would overwrite the input file"},
		{"-demo on an existing file", func(t *testing.T, dir, in string) []string {
			return []string{"-in", in, "-demo", "5"}
		}, "-demo would replace the existing file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
			in := filepath.Join(dir, "in.csv")
			if tt.name == "-out's temporary file is -in" {
				in = filepath.Join(dir, "in.out.csv.tmp")
			}
			require.NoError(t, os.WriteFile(in, []byte(userData), 0o644))
			var stdout, stderr bytes.Buffer
			// A nil client would start the embedded fake: nothing may start.
			code := run(context.Background(), tt.setup(t, dir, in), &stdout, &stderr, nil)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tt.want)
			assert.NotContains(t, stderr.String(), "embedded fake")
			b, err := os.ReadFile(in)
			require.NoError(t, err)
			assert.Equal(t, userData, string(b), "the user's file is unchanged")
		})
	}

	t.Run("-demo -force replaces it", func(t *testing.T) {
		t.Parallel()
		srv := mmtest.NewServer()
		defer srv.Close()
		client, err := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID), multimarkets.WithToken(srv.Token))
		require.NoError(t, err)
		in := filepath.Join(t.TempDir(), "in.csv")
		require.NoError(t, os.WriteFile(in, []byte(userData), 0o644))
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(context.Background(), []string{"-in", in, "-demo", "5", "-force"}, &stdout, &stderr, client), stderr.String())
		assert.Contains(t, stdout.String(), "5 rows: 5 created")
	})
}

// TestImportInterruptedByCtrlC builds the program and sends it SIGINT
// while two registrations hang on a slow server: the summary says the run
// was interrupted and how many rows were not tried, the cut-off rows are
// marked interrupted (not failed), untried rows are not in the output, and
// a rerun finishes the file without registering anyone twice.
func TestImportInterruptedByCtrlC(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "import")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	srv := mmtest.NewServer()
	defer srv.Close()
	// The first three registrations are answered; the next two act and
	// then hang until the client gives up.
	srv.InjectFault(opRegister, &mmtest.Fault{}, &mmtest.Fault{}, &mmtest.Fault{},
		mmtest.DelayAfterActing(10*time.Minute), mmtest.DelayAfterActing(10*time.Minute))
	in := filepath.Join(dir, "customers.csv")
	require.NoError(t, writeDemo(in, 20))

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // guards against a hang only
	defer cancel()
	start := func(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = append(os.Environ(), "MM_BASE_URL="+srv.URL, "MM_COMPANY_ID="+srv.CompanyID, "MM_TOKEN="+srv.Token,
			"MM_APP_ID=", "MM_APP_SECRET=", "MM_ENCRYPT=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Start())
		return cmd, &stdout, &stderr
	}

	cmd, stdout, stderr := start("-in", in, "-concurrency", "2")
	// Both workers are inside a hanging registration once five have acted.
	require.Eventually(t, func() bool { return srv.Acted(opRegister) >= 5 }, 2*time.Minute, 10*time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stdout %s\nstderr %s", stdout, stderr)
	assert.Equal(t, 130, exit.ExitCode(), "stderr %s", stderr)
	assert.Contains(t, stdout.String(), "20 rows: 3 created, 0 existed, 0 skipped (done before), 0 failed, 2 interrupted, 15 not tried; output ")
	assert.Contains(t, stdout.String(), "interrupted: 15 rows were not tried and 2 were cut off while registering")

	out := readCSV(t, filepath.Join(dir, "customers.out.csv"))
	require.Len(t, out, 6, "the header, 3 created and 2 interrupted rows; untried rows are not written")
	statuses := map[string]int{}
	for _, rec := range out[1:] {
		statuses[rec[3]]++
	}
	assert.Equal(t, map[string]int{"created": 3, "interrupted": 2}, statuses)
	assert.NoFileExists(t, filepath.Join(dir, "customers.out.csv.journal"))

	// The rerun registers the 15 untried rows and finds the 2 cut-off
	// registrations done.
	cmd, stdout, stderr = start("-in", in, "-concurrency", "2")
	require.NoError(t, cmd.Wait(), "stdout %s\nstderr %s", stdout, stderr)
	assert.Contains(t, stdout.String(), "20 rows: 15 created, 2 existed, 3 skipped (done before), 0 failed; output ")
	assert.Len(t, srv.Customers(), 20, "one customer per row")
}
