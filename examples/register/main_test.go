package main

import (
	"bytes"
	"regexp"
	"strings"
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

}

// TestRegisterRefusesBadFlagValues: a value the SDK would refuse is refused
// with the flag's name and the rule, exit status 2, before any server is
// started or called; a phone number or e-mail address is not echoed.
func TestRegisterRefusesBadFlagValues(t *testing.T) {
	t.Setenv("MM_BASE_URL", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-country", "XX"}, "invalid value for flag -country: not an ISO 3166-1 country code"},
		{[]string{"-country", "gb"}, "invalid value for flag -country: ISO 3166-1 alpha-2 country code in upper case"},
		{[]string{"-group", "0"}, "invalid value for flag -group: must be > 0"},
		{[]string{"-phone", "12ab"}, "invalid value for flag -phone: 4 to 20 digits"},
		{[]string{"-phone", "", "-email", "jane.example.com"}, "invalid value for flag -email: e-mail address"},
		{[]string{"-phone-area", "86"}, "invalid value for flag -phone-area:"},
		{[]string{"-password", ""}, "invalid value for flag -password:"},
		{[]string{"-source", "Fax"}, "invalid value for flag -source:"},
		{[]string{"-third-party-code", strings.Repeat("x", 51)}, "invalid value for flag -third-party-code: at most 50"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(tt.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.want)
			assert.NotContains(t, stderr.String(), "embedded fake", "nothing started")
			assert.NotContains(t, stderr.String(), "12ab")
			assert.NotContains(t, stderr.String(), "jane.example.com")
			assert.Empty(t, stdout.String())
		})
	}
}
