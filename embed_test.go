package multimarkets_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestLogin(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

func TestEmbedOpen(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	p := &mm.EmbedParams{Customer: *validParams(), TradingURL: "https://www.headline.net/zh-CN/home?theme=dark"}

	link, err := c.Embed.Open(ctx, p)
	require.NoError(t, err)
	assert.True(t, link.Registered)
	u, err := url.Parse(link.URL)
	require.NoError(t, err)
	assert.Equal(t, "www.headline.net", u.Host)
	assert.Equal(t, "/zh-CN/home", u.Path)
	assert.Equal(t, "dark", u.Query().Get("theme"))
	no, ok := srv.RedeemLoginToken(u.Query().Get("tsource"))
	require.True(t, ok, "tsource is the issued one-time token")
	assert.Equal(t, link.CustomerNo, no)
	assert.NotContains(t, fmt.Sprint(link), u.Query().Get("tsource"))

	// Second time: only logs in.
	link2, err := c.Embed.Open(ctx, p)
	require.NoError(t, err)
	assert.False(t, link2.Registered)
	assert.Equal(t, link.CustomerNo, link2.CustomerNo)
	assert.Equal(t, 1, srv.Acted(opRegister))

	// Wrong password: fails at the login step with the server's code.
	bad := *p
	bad.Customer.Password = mm.PlainPassword("not-the-password")
	_, err = c.Embed.Open(ctx, &bad)
	var eerr *mm.EmbedError
	require.ErrorAs(t, err, &eerr)
	assert.Equal(t, "login", eerr.Step)
	assert.True(t, mm.IsCode(err, mm.CodeUSCUSTOMER_API_0000112))

	// Lost registration answer: still one customer.
	p3 := &mm.EmbedParams{Customer: *validParams(), TradingURL: "https://trade.example.com/"}
	p3.Customer.Phone = "13700001111"
	srv.InjectFault(opRegister, mmtest.DropAfterActing())
	link3, err := c.Embed.Open(ctx, p3)
	require.NoError(t, err)
	assert.True(t, link3.Registered, "registered by the attempt whose answer was lost")
	assert.Len(t, srv.Customers(), 2)

	_, err = c.Embed.Open(ctx, &mm.EmbedParams{Customer: *validParams(), TradingURL: "headline.net/home"})
	require.ErrorAs(t, err, &eerr)
	assert.Equal(t, "validate", eerr.Step)
	assert.ErrorIs(t, err, mm.ErrValidation)
}

// TestEmbedOpenCostIsBounded: in a company of any size, Open never scans
// the customer list (the login answer carries the customer number), also
// when the password is wrong.
func TestEmbedOpenCostIsBounded(t *testing.T) {
	srv, c := newFake(t, nil)
	ctx := context.Background()
	srv.SeedCustomers(5000) // more than two list pages
	requests := func() int {
		n := 0
		for _, op := range []string{opPage, opRegister, opAuth, "customer.app.CustomerWebApiService.checkCustomerExist", "customer.app.CustomerWebApiService.login"} {
			n += srv.Requests(op)
		}
		return n
	}
	p := &mm.EmbedParams{Customer: *validParams(), TradingURL: "https://trade.example.com/"}
	p.Customer.Email = "embed@example.com"
	reg, err := c.Customers.Register(ctx, &p.Customer)
	require.NoError(t, err)

	before := requests()
	link, err := c.Embed.Open(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, reg.CustomerNo, link.CustomerNo, "from the login answer")
	assert.False(t, link.Registered)
	assert.Zero(t, srv.Requests(opPage), "no list scan")
	assert.Equal(t, 3, requests()-before, "two existence checks and the login")

	bad := *p
	bad.Customer.Password = mm.PlainPassword("wrong-password")
	before = requests()
	_, err = c.Embed.Open(ctx, &bad)
	var eerr *mm.EmbedError
	require.ErrorAs(t, err, &eerr)
	assert.Equal(t, "login", eerr.Step)
	assert.Zero(t, srv.Requests(opPage), "no list scan for a wrong password")
	assert.Equal(t, 3, requests()-before)
}
