package main

import (
	"bytes"
	"net/url"
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
