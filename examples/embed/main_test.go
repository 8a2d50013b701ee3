package main

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestEmbedAgainstAServer: a new customer is registered once and logged in;
// the second run only logs in; a wrong password fails at the login step
// with the server's code.
func TestEmbedAgainstAServer(t *testing.T) {
	srv := mmtest.NewServer()
	defer srv.Close()
	t.Setenv("MM_BASE_URL", srv.URL)
	t.Setenv("MM_COMPANY_ID", srv.CompanyID)
	t.Setenv("MM_APP_ID", srv.AppID)
	t.Setenv("MM_APP_SECRET", srv.AppSecret)
	t.Setenv("MM_TOKEN", "")
	t.Setenv("MM_CLIENT_BASE_URL", srv.ClientURL)

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-phone", "13800138000"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "registered customer")
	u, err := url.Parse(stdout.String()[:len(stdout.String())-1])
	require.NoError(t, err)
	no, ok := srv.RedeemLoginToken(u.Query().Get("tsource"))
	require.True(t, ok, "tsource is an issued one-time token")

	stdout.Reset()
	stderr.Reset()
	require.Equal(t, 0, run([]string{"-phone", "13800138000"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "customer "+no+" exists: logged in")
	assert.Len(t, srv.Customers(), 1)

	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, run([]string{"-phone", "13800138000", "-password", "wrong"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "login failed: USCUSTOMER_API_0000112")
	assert.Empty(t, stdout.String())
}

func TestEmbedAgainstEmbeddedFake(t *testing.T) {
	t.Setenv("MM_BASE_URL", "")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(nil, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "?tsource=")
}

// TestEmbedRefusesBadFlagValues: a value the SDK would refuse is refused
// with the flag's name and the rule, exit status 2, before any server is
// started or called.
func TestEmbedRefusesBadFlagValues(t *testing.T) {
	t.Setenv("MM_BASE_URL", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-country", "XX"}, "invalid value for flag -country: not an ISO 3166-1 country code"},
		{[]string{"-group", "-3"}, "invalid value for flag -group: must be > 0"},
		{[]string{"-phone", "12ab"}, "invalid value for flag -phone: 4 to 20 digits"},
		{[]string{"-phone", ""}, "invalid value for flag -phone: phone or e-mail required"},
		{[]string{"-phone-area", "0086"}, "invalid value for flag -phone-area:"},
		{[]string{"-password", ""}, "invalid value for flag -password:"},
		{[]string{"-url", "www.headline.net/home"}, "invalid value for flag -url: absolute http(s) URL"},
		{[]string{"-url", "ftp://headline.net/"}, "invalid value for flag -url: absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(tt.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.want)
			assert.NotContains(t, stderr.String(), "embedded fake", "nothing started")
			assert.NotContains(t, stderr.String(), "12ab")
			assert.Empty(t, stdout.String())
		})
	}
}
