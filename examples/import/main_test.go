package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const (
	opRegister  = "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"
	opAuthorize = "admin.admin.CompanyAuthDubboService.auth"
)

// TestImportSurvivesFaultsAndResumes imports 500 rows while the server
// rate-limits, expires tokens and loses answers, then imports the same file
// again: exactly one customer per row, and the second run registers nothing.
func TestImportSurvivesFaultsAndResumes(t *testing.T) {
	srv := mmtest.NewServer(mmtest.WithTokenTTL(time.Hour))
	defer srv.Close()
	client, err := multimarkets.NewClient(
		multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID),
		multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
		// Fast retries; the time budget only guards against a hang.
		multimarkets.WithRetryPolicy(multimarkets.RetryPolicy{MaxAttempts: 6, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxElapsed: 2 * time.Minute}),
	)
	require.NoError(t, err)

	// Token expiry is counted in requests, not in wall-clock time: the
	// register request that takes this fault expires every token first, so
	// it and the calls in flight with it are refused and renew. Expiries are
	// 50 register requests apart, so that no call (which renews at most
	// twice) meets three of them however slowly the machine runs.
	expire := &mmtest.Fault{Before: func(http.ResponseWriter, *http.Request) bool {
		srv.ExpireTokens()
		return false // the request then meets its expired token
	}}
	var faults []*mmtest.Fault
	for i := 0; i < 40; i++ {
		switch i % 4 {
		case 0:
			faults = append(faults, mmtest.RateLimited(0))
		case 1:
			faults = append(faults, mmtest.DropAfterActing())
		case 2:
			faults = append(faults, nil, mmtest.DropBeforeActing())
		case 3:
			faults = append(faults, mmtest.TruncatedAfterActing(), nil, nil)
		}
	}
	for len(faults) < 200 {
		faults = append(faults, nil)
	}
	for i := 10; i < len(faults); i += 50 {
		faults = append(faults[:i], append([]*mmtest.Fault{expire}, faults[i:]...)...)
	}
	for _, f := range faults {
		if f == nil {
			f = &mmtest.Fault{} // a normal answer in between
		}
		srv.InjectFault(opRegister, f)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "customers.csv")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-in", in, "-demo", "500", "-concurrency", "16"}, &stdout, &stderr, client)
	if code != 0 {
		b, _ := os.ReadFile(filepath.Join(dir, "customers.out.csv"))
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "failed") {
				t.Log(l)
			}
		}
	}
	require.Equal(t, 0, code, "stdout %s\nstderr %s", stdout.String(), stderr.String())
	assert.Contains(t, stdout.String(), "500 rows: ")
	assert.Len(t, srv.Customers(), 500, "one customer per row")
	assert.GreaterOrEqual(t, srv.Requests(opAuthorize), 5, "the first authorization and a renewal per expiry")

	out := readCSV(t, filepath.Join(dir, "customers.out.csv"))
	require.Len(t, out, 501)
	seen := map[string]bool{}
	for _, rec := range out[1:] {
		assert.Contains(t, []string{"created", "existed"}, rec[3], rec)
		assert.NotEmpty(t, rec[4], "customer number for row %s", rec[0])
		assert.False(t, seen[rec[4]], "customer number %s twice", rec[4])
		seen[rec[4]] = true
	}

	acted := srv.Acted(opRegister)
	stdout.Reset()
	code = run(context.Background(), []string{"-in", in}, &stdout, &stderr, client)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "0 created, 0 existed, 500 skipped")
	assert.Equal(t, acted, srv.Acted(opRegister), "the second run registers nothing")
	assert.Len(t, srv.Customers(), 500)
	assert.Equal(t, out, readCSV(t, filepath.Join(dir, "customers.out.csv")), "the output is kept as it was")
}

func TestImportReportsBadRows(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, err := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID), multimarkets.WithToken(srv.Token))
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	require.NoError(t, os.WriteFile(in, []byte("phone,password,country,group\n13800000001,pw,CN,1\n13800000002,pw,XX,1\n13800000003,pw,CN,99\n13800000004,pw,CN,x\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-in", in}, &stdout, &stderr, client)
	assert.Equal(t, 1, code)
	out := readCSV(t, filepath.Join(dir, "in.out.csv"))
	require.Len(t, out, 5)
	assert.Equal(t, "created", out[1][3])
	assert.Equal(t, "failed", out[2][3])
	assert.Contains(t, out[2][6], "Country")
	assert.Equal(t, "USCUSTOMER_API_0000301", out[3][5])
	assert.Equal(t, "failed", out[4][3])
	// Fixing the file and running again registers only the fixed rows.
	require.NoError(t, os.WriteFile(in, []byte("phone,password,country,group\n13800000001,pw,CN,1\n13800000002,pw,GB,1\n13800000003,pw,CN,1\n13800000004,pw,CN,2\n"), 0o644))
	stdout.Reset()
	code = run(context.Background(), []string{"-in", in}, &stdout, &stderr, client)
	assert.Equal(t, 0, code, stderr.String())
	assert.True(t, strings.Contains(stdout.String(), "3 created, 0 existed, 1 skipped"), stdout.String())
	assert.Len(t, srv.Customers(), 4)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs
}
