package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestRegisterAgainstEmbeddedFake(t *testing.T) {
	t.Setenv("MM_BASE_URL", "")
	var stdout, stderr bytes.Buffer
	code := run(nil, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Regexp(t, regexp.MustCompile(`^[0-9]+\n$`), stdout.String())
}

// TestRegisterTwiceAgainstAServer: the second run with the same phone fails
// and prints the server's code, message and trace.
func TestRegisterTwiceAgainstAServer(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv("MM_BASE_URL", srv.URL)
	t.Setenv("MM_COMPANY_ID", srv.CompanyID)
	t.Setenv("MM_TOKEN", srv.Token)
	t.Setenv("MM_APP_ID", "")
	t.Setenv("MM_APP_SECRET", "")
	args := []string{"-phone", "13800138000", "-country", "CN"}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, run(args, &stdout, &stderr))
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "USCUSTOMER_API_0000106")
	assert.Contains(t, stderr.String(), "Mobile number already exist")
	assert.Regexp(t, `trace: +\S+`, stderr.String())

	stderr.Reset()
	assert.Equal(t, 1, run([]string{"-country", "XX"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "RegisterParams.Country")
}
