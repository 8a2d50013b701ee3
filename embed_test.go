package multimarkets_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

func TestLogin(t *testing.T) {
	srv, c := newFake(t, nil)
	ctx := context.Background()
	reg, err := c.Customers.Register(ctx, validParams())
	require.NoError(t, err)

	l, err := c.Embed.Login(ctx, &mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000", PhoneArea: "+86",
		Device: mm.SourcePCWeb, Password: mm.PlainPassword("a123456")})
	require.NoError(t, err)
	assert.Equal(t, mm.FlexString(reg.CustomerNo), l.CustomerNo)
	assert.NotContains(t, fmt.Sprint(l), l.Token)
	no, ok := srv.RedeemLoginToken(l.Token)
	assert.True(t, ok)
	assert.Equal(t, reg.CustomerNo, no)
	_, ok = srv.RedeemLoginToken(l.Token)
	assert.False(t, ok, "single use")

	l2, err := c.Embed.Login(ctx, &mm.LoginParams{Type: mm.LoginAccount, LoginName: reg.CustomerNo, Device: mm.SourceH5, Password: mm.HashedPassword(mm.MD5Hex("a123456"))})
	require.NoError(t, err)
	assert.NotEqual(t, l.Token, l2.Token)

	_, err = c.Embed.Login(ctx, &mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000", PhoneArea: "+86", Device: mm.SourcePCWeb, Password: mm.PlainPassword("wrong")})
	assert.True(t, mm.IsCode(err, mm.CodeUSCUSTOMER_API_0000112), err)
}

func TestLoginValidation(t *testing.T) {
	srv, c := newFake(t, nil)
	good := mm.LoginParams{Type: mm.LoginPhone, LoginName: "13800138000", PhoneArea: "+86", Device: mm.SourceH5, Password: mm.PlainPassword("x")}
	tests := []struct {
		name  string
		edit  func(p *mm.LoginParams)
		field string
	}{
		{"type 0", func(p *mm.LoginParams) { p.Type = 0 }, "LoginParams.Type"},
		{"no login name", func(p *mm.LoginParams) { p.LoginName = "" }, "LoginParams.LoginName"},
		{"phone area missing", func(p *mm.LoginParams) { p.PhoneArea = "" }, "LoginParams.PhoneArea"},
		{"email syntax", func(p *mm.LoginParams) { p.Type = mm.LoginEmail }, "LoginParams.LoginName"},
		{"device", func(p *mm.LoginParams) { p.Device = 0 }, "LoginParams.Device"},
		{"password", func(p *mm.LoginParams) { p.Password = mm.Password{} }, "LoginParams.Password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good
			tt.edit(&p)
			_, err := c.Embed.Login(context.Background(), &p)
			var verr *mm.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tt.field, verr.Field)
		})
	}
	assert.Zero(t, srv.Requests("customer.app.CustomerWebApiService.login"))
}
