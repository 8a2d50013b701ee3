package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const opRegister = "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"

func TestMD5Vector(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "dc483e80a7a0bd9ef71d8cf973673924", mm.MD5Hex("a123456"))
}

func TestPasswordNeverHashedTwice(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	p := validParams()
	p.Password = mm.HashedPassword("DC483E80A7A0BD9EF71D8CF973673924")
	reg, err := c.Customers.Register(context.Background(), p)
	require.NoError(t, err)
	cust, ok := srv.CustomerByNo(reg.CustomerNo)
	require.True(t, ok)
	assert.Equal(t, "dc483e80a7a0bd9ef71d8cf973673924", cust.PasswordMD5)
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(p *mm.RegisterParams)
		field string
		rule  string
	}{
		{"no phone or email", func(p *mm.RegisterParams) { p.Phone = "" }, "RegisterParams.Phone", "phone or e-mail required"},
		{"phone with letters", func(p *mm.RegisterParams) { p.Phone = "138abc" }, "RegisterParams.Phone", "digits"},
		{"phone with area inside", func(p *mm.RegisterParams) { p.Phone = "+8613800138000" }, "RegisterParams.Phone", "digits"},
		{"phone too long", func(p *mm.RegisterParams) { p.Phone = strings.Repeat("1", 21) }, "RegisterParams.Phone", "4 to 20"},
		{"area without plus", func(p *mm.RegisterParams) { p.PhoneArea = "86" }, "RegisterParams.PhoneArea", "+86"},
		{"area too long", func(p *mm.RegisterParams) { p.PhoneArea = "+12345" }, "RegisterParams.PhoneArea", "+86"},
		{"email syntax", func(p *mm.RegisterParams) { p.Email = "jane.example.com" }, "RegisterParams.Email", "e-mail"},
		{"email display name", func(p *mm.RegisterParams) { p.Email = "Jane <jane@example.com>" }, "RegisterParams.Email", "e-mail"},
		{"email no dot", func(p *mm.RegisterParams) { p.Email = "jane@localhost" }, "RegisterParams.Email", "e-mail"},
		{"email area", func(p *mm.RegisterParams) { p.Email, p.EmailArea = "jane@example.com", "0044" }, "RegisterParams.EmailArea", "+86"},
		{"no password", func(p *mm.RegisterParams) { p.Password = mm.Password{} }, "RegisterParams.Password", "required"},
		{"empty plain password", func(p *mm.RegisterParams) { p.Password = mm.PlainPassword("") }, "RegisterParams.Password", "empty"},
		{"bad hash", func(p *mm.RegisterParams) { p.Password = mm.HashedPassword("a123456") }, "RegisterParams.Password", "32 hex"},
		{"no country", func(p *mm.RegisterParams) { p.Country = "" }, "RegisterParams.Country", "ISO 3166-1 alpha-2"},
		{"country lower case", func(p *mm.RegisterParams) { p.Country = "us" }, "RegisterParams.Country", "in upper case"},
		{"country mixed case", func(p *mm.RegisterParams) { p.Country = "Gb" }, "RegisterParams.Country", "in upper case"},
		{"country alpha-3", func(p *mm.RegisterParams) { p.Country = "USA" }, "RegisterParams.Country", "two upper-case letters"},
		{"country digits", func(p *mm.RegisterParams) { p.Country = "12" }, "RegisterParams.Country", "two upper-case letters"},
		{"country unassigned", func(p *mm.RegisterParams) { p.Country = "XX" }, "RegisterParams.Country", "not an ISO 3166-1 country code"},
		{"country unassigned lower case", func(p *mm.RegisterParams) { p.Country = "xx" }, "RegisterParams.Country", "two upper-case letters"},
		{"country multi-byte upper case", func(p *mm.RegisterParams) { p.Country = "ÄÖ" }, "RegisterParams.Country", "two upper-case letters"},
		{"source 0", func(p *mm.RegisterParams) { p.Source = 0 }, "RegisterParams.Source", "1..9"},
		{"source 10", func(p *mm.RegisterParams) { p.Source = 10 }, "RegisterParams.Source", "1..9"},
		{"group 0", func(p *mm.RegisterParams) { p.CustomerGroupID = 0 }, "RegisterParams.CustomerGroupID", "> 0"},
		{"group negative", func(p *mm.RegisterParams) { p.CustomerGroupID = -1 }, "RegisterParams.CustomerGroupID", "> 0"},
		{"third-party code 51 chars", func(p *mm.RegisterParams) { p.ThirdPartyCode = strings.Repeat("x", 51) }, "RegisterParams.ThirdPartyCode", "at most 50"},
		{"trade type 0", func(p *mm.RegisterParams) { p.TradeTypeCurrencies[0].TradeType = 0 }, "RegisterParams.TradeTypeCurrencies.TradeType", "> 0"},
		{"trade currency empty", func(p *mm.RegisterParams) { p.TradeTypeCurrencies[0].Currency = "" }, "RegisterParams.TradeTypeCurrencies.Currency", "required"},
	}
	srv, c := newFake(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.edit(p)
			_, err := c.Customers.Register(context.Background(), p)
			var verr *mm.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tt.field, verr.Field)
			assert.Contains(t, verr.Rule, tt.rule)
			assert.ErrorIs(t, err, mm.ErrValidation)
		})
	}
	assert.Zero(t, srv.Requests(opRegister), "nothing reaches the server")
	assert.Zero(t, srv.Requests("admin.admin.CompanyAuthDubboService.auth"), "not even authorization")

	ok := validParams()
	ok.ThirdPartyCode = strings.Repeat("é", 50) // 50 characters, 100 bytes
	assert.NoError(t, ok.Validate())
	_, err := c.Customers.Register(context.Background(), nil)
	assert.ErrorIs(t, err, mm.ErrValidation)
}

func TestRegisterAgainstFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()

	first, err := c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	assert.Equal(t, "86021976", first.CustomerNo)

	tests := []struct {
		name     string
		edit     func(p *mm.RegisterParams)
		wantCode mm.ErrorCode
		wantIs   error
	}{
		{"same phone", func(p *mm.RegisterParams) {}, mm.CodeUSCUSTOMER_API_0000106, mm.ErrDuplicatePhone},
		{"same phone, default area", func(p *mm.RegisterParams) { p.PhoneArea = "" }, mm.CodeUSCUSTOMER_API_0000106, mm.ErrDuplicatePhone},
		{"unknown group", func(p *mm.RegisterParams) { p.Phone = "13900000001"; p.CustomerGroupID = 99 }, mm.CodeUSCUSTOMER_API_0000301, mm.ErrCustomerGroupMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.edit(p)
			_, err := c.Customers.Register(ctx, p)
			var apiErr *mm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.wantCode, apiErr.Code)
			assert.ErrorIs(t, err, tt.wantIs)
			assert.True(t, mm.IsCode(err, tt.wantCode))
			assert.NotEmpty(t, apiErr.Trace)
		})
	}

	// E-mail only, then the same e-mail again.
	p := validParams()
	p.Phone, p.Email = "", "jane@example.com"
	_, err = c.Customers.Register(ctx, p)
	require.NoError(t, err)
	p.Email = "jane@example.com"
	_, err = c.Customers.Register(ctx, p)
	assert.ErrorIs(t, err, mm.ErrDuplicateEmail)

	// Third-party code is unique too.
	p = validParams()
	p.Phone, p.ThirdPartyCode = "13900000002", "crm-42"
	_, err = c.Customers.Register(ctx, p)
	require.NoError(t, err)
	p.Phone = "13900000003"
	_, err = c.Customers.Register(ctx, p)
	assert.ErrorIs(t, err, mm.ErrAlreadyExists)

	assert.Len(t, srv.Customers(), 3)
	assert.Equal(t, 3, srv.Acted(opRegister))
}

func TestRegisterSourceParsing(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]mm.RegisterSource{"1": mm.SourceH5, "pc_web": mm.SourcePCWeb, "iOS": mm.SourceIOS, "9": mm.SourceOther} {
		got, err := mm.ParseRegisterSource(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	_, err := mm.ParseRegisterSource("10")
	assert.Error(t, err)
	assert.Equal(t, "PC_Mac", mm.SourcePCMac.String())
	assert.Equal(t, "RegisterSource(12)", mm.RegisterSource(12).String())
}

func TestConcurrentRegistrations(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	const n = 50
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			p := validParams()
			p.Phone = fmt.Sprintf("1370000%04d", i)
			_, err := c.Customers.Register(context.Background(), p)
			errs <- err
		}(i)
	}
	for i := 0; i < n; i++ {
		require.NoError(t, <-errs)
	}
	assert.Len(t, srv.Customers(), n)
	assert.Equal(t, 1, srv.Requests("admin.admin.CompanyAuthDubboService.auth"), "one authorization shared by all")
}

func ExampleCustomerService_Register() {
	srv := mmtest.NewServer()
	defer srv.Close()
	client, err := mm.NewClient(
		mm.WithBaseURL(srv.URL),
		mm.WithCompanyID(srv.CompanyID),
		mm.WithAppCredentials(srv.AppID, srv.AppSecret),
	)
	if err != nil {
		panic(err)
	}
	reg, err := client.Customers.Register(context.Background(), &mm.RegisterParams{
		Phone:           "13800138000",
		PhoneArea:       "+86",
		Password:        mm.PlainPassword("a123456"), // sent as its MD5
		Country:         "CN",
		Source:          mm.SourcePCWeb,
		CustomerGroupID: 1,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(reg.CustomerNo)

	// The same phone again: a typed error that keeps the server's code.
	_, err = client.Customers.Register(context.Background(), &mm.RegisterParams{
		Phone: "13800138000", PhoneArea: "+86", Password: mm.PlainPassword("x"),
		Country: "CN", Source: mm.SourcePCWeb, CustomerGroupID: 1,
	})
	var apiErr *mm.APIError
	if errors.As(err, &apiErr) && errors.Is(err, mm.ErrDuplicatePhone) {
		fmt.Println(apiErr.Code, apiErr.Message)
	}
	// Output:
	// 86021976
	// USCUSTOMER_API_0000106 Mobile number already exist
}
