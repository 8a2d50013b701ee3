package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOTelStdout: with -otel stdout the spans and metrics of the
// registration are printed after the customer number, without the phone
// number or e-mail address.
func TestOTelStdout(t *testing.T) {
	t.Setenv("MM_BASE_URL", "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-otel", "stdout", "-phone", "13700001111", "-email", "otel.user@example.com"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Regexp(t, `^[0-9]+\n\{`, out)
	assert.Contains(t, out, `"Name": "multimarkets customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"`)
	assert.Contains(t, out, `"Name": "POST customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"`)
	assert.Contains(t, out, `"Name": "multimarkets.client.call.duration"`)
	assert.NotContains(t, out, "13700001111")
	assert.NotContains(t, out, "otel.user@example.com")

	assert.Equal(t, 2, run([]string{"-otel", "jaeger"}, &stdout, &stderr))
}
