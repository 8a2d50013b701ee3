package multimarkets_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// TestParseErrorsAreValidationErrors: every exported parser and constructor
// refuses its input with a *ValidationError and a one-prefix message.
func TestParseErrorsAreValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, msg string
		call      func() error
	}{
		{"register source", `multimarkets: invalid RegisterSource: "10" is not 1..9 or one of H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other`,
			func() error { _, err := mm.ParseRegisterSource("10"); return err }},
		{"register source, invalid UTF-8", `multimarkets: invalid RegisterSource: "\xff" is not 1..9 or one of H5, PC_Web, System, Android, iOS, HOS, PC_Win, PC_Mac, Other`,
			func() error { _, err := mm.ParseRegisterSource("\xff"); return err }},
		{"decimal", `multimarkets: invalid Decimal: "1.2.3" is not a decimal number`,
			func() error { _, err := mm.ParseDecimal("1.2.3"); return err }},
		{"decimal too long", `multimarkets: invalid Decimal: 65 digits refused: at most 64 digits`,
			func() error { _, err := mm.ParseDecimal(strings.Repeat("9", 65)); return err }},
		{"rescale digits", `multimarkets: invalid Decimal.Rescale digits: -1 out of range [0,1000]`,
			func() error { _, err := mm.MustDecimal("1.25").Rescale(-1); return err }},
		{"rescale rounds", `multimarkets: invalid Decimal.Rescale digits: 1.25 has more than 1 decimal places`,
			func() error { _, err := mm.MustDecimal("1.25").Rescale(1); return err }},
		{"no credentials", "multimarkets: invalid WithToken/WithAppCredentials/WithTokenSource: " +
			"give one, or WithoutCredentials for a client that calls only operations that need no token",
			func() error {
				_, err := mm.NewClient(mm.WithBaseURL("https://x.example"), mm.WithCompanyID("1"))
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call()
			var verr *mm.ValidationError
			require.ErrorAs(t, err, &verr, "%T %v", err, err)
			require.ErrorIs(t, err, mm.ErrValidation)
			require.EqualError(t, err, tt.msg)
		})
	}
}

// TestDecodedDecimalIsNotAValidationError: a bad number in JSON (from the
// server) is a decoding error, not the caller's invalid parameter.
func TestDecodedDecimalIsNotAValidationError(t *testing.T) {
	t.Parallel()
	var d mm.Decimal
	err := json.Unmarshal([]byte(`"1.2.3"`), &d)
	require.EqualError(t, err, `multimarkets: decimal: "1.2.3" is not a decimal number`)
	require.NotErrorIs(t, err, mm.ErrValidation)
	err = d.UnmarshalText([]byte("x"))
	require.EqualError(t, err, `multimarkets: decimal: "x" is not a decimal number`)
}

// TestFailedAuthorizationIsOneTypedError: a call whose authorization fails
// returns the authorization's own *APIError (one line, one prefix), which
// still carries the server's code.
func TestFailedAuthorizationIsOneTypedError(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	t.Cleanup(srv.Close)
	bad := fakeClient(t, srv, mm.WithAppCredentials(srv.AppID, "wrong-secret"))
	_, err := bad.Customers.List(context.Background(), nil)
	var apiErr *mm.APIError
	require.ErrorAs(t, err, &apiErr, "%T %v", err, err)
	assert.Same(t, apiErr, err, "the error is the *APIError itself, not a join")
	assert.Equal(t, "admin.admin.CompanyAuthDubboService.auth", apiErr.Operation)
	assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_101), err)
	assert.NotContains(t, err.Error(), "\n")
	assert.Equal(t, 1, strings.Count(err.Error(), "multimarkets:"), err.Error())
	assert.NotContains(t, err.Error(), "wrong-secret")
}

// TestEmbedErrorHasOnePrefix: EmbedError names the step once, without
// repeating the step error's "multimarkets:" prefix.
func TestEmbedErrorHasOnePrefix(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil)
	_, err := c.Embed.Open(context.Background(), nil)
	var eerr *mm.EmbedError
	require.ErrorAs(t, err, &eerr)
	require.ErrorIs(t, err, mm.ErrValidation)
	require.EqualError(t, err, "multimarkets: embed: validate: invalid EmbedParams: required")
}
