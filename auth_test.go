package multimarkets_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const opAuth = "admin.admin.CompanyAuthDubboService.auth"

func TestAuthorize(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	a, err := c.Auth.Authorize(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, a.Token)
	assert.Equal(t, srv.PublicKey, a.PublicKey)
	assert.Equal(t, mm.FlexString(srv.CompanyID), a.Company.ID)
	assert.Equal(t, "real", a.Company.Type)
	assert.Equal(t, mm.FlexInt64(8), a.Company.TimeZone)
	assert.Len(t, a.Company.TradeTypeList, 2)
	assert.NotContains(t, a.String(), a.Token)
	assert.NotContains(t, fmt.Sprintf("%v %+v", a, a), a.Token)

	bad := fakeClient(t, srv, mm.WithAppCredentials(srv.AppID, "wrong-secret"))
	_, err = bad.Customers.Register(context.Background(), validParams())
	assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_101), err)
	assert.NotContains(t, err.Error(), "wrong-secret")
	assert.Zero(t, srv.Requests(opRegister))
}

func TestAuthorizesLazilyAndOnce(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	assert.Zero(t, srv.Requests(opAuth), "NewClient does not call the server")
	for i := 0; i < 3; i++ {
		p := validParams()
		p.Phone = fmt.Sprintf("1390000000%d", i)
		_, err := c.Customers.Register(context.Background(), p)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.Requests(opAuth))
}

func TestReauthorizesOnExpiry(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"GGATEWAY_CODE_005", "GGATEWAY_CODE_017"} {
		t.Run(code, func(t *testing.T) {
			srv, c := newFake(t, []mmtest.Option{mmtest.WithExpiredCode(code)})
			_, err := c.Customers.Register(context.Background(), validParams())
			require.NoError(t, err)
			srv.ExpireTokens()
			p := validParams()
			p.Phone = "13900000009"
			var resp mm.Response
			reg, err := c.Customers.Register(context.Background(), p, mm.WithResponseInto(&resp))
			require.NoError(t, err)
			assert.Equal(t, 2, srv.Requests(opAuth))
			assert.Equal(t, 3, srv.Requests(opRegister), "the refused request, then the resend")
			assert.Equal(t, 2, srv.Acted(opRegister))
			assert.Equal(t, reg.Trace, resp.Trace)
			assert.Contains(t, resp.Trace, "-r2", "the resend has a new trace")
		})
	}
}

func TestConcurrentExpiryCausesOneReauthorization(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	_, err := c.Auth.Authorize(context.Background())
	require.NoError(t, err)
	srv.ExpireTokens()

	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := validParams()
			p.Phone = fmt.Sprintf("1360000%04d", i)
			_, errs[i] = c.Customers.Register(context.Background(), p)
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 2, srv.Requests(opAuth), "the first authorization and exactly one renewal")
	assert.Equal(t, n, srv.Acted(opRegister))
}

func TestStaticTokenExpiry(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv, mm.WithToken(srv.Token))
	_, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
	srv.ExpireTokens()
	p := validParams()
	p.Phone = "13900000010"
	_, err = c.Customers.Register(context.Background(), p)
	assert.ErrorIs(t, err, mm.ErrTokenExpired)
	assert.Zero(t, srv.Requests(opAuth))
}

func TestNoTokenConfigured(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv, mm.WithoutCredentials())
	_, err := c.Customers.Register(context.Background(), validParams())
	assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_001), err)
	assert.ErrorIs(t, err, mm.ErrUnauthorized)
}

// sharedTokens is a TokenSource as a user would write one over a shared
// cache; it renews through the SDK's own Authorize.
type sharedTokens struct {
	mu       sync.Mutex
	token    string
	auth     *mm.Client
	renewals atomic.Int32
}

func (s *sharedTokens) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token, nil
}

func (s *sharedTokens) Refresh(ctx context.Context, stale string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token != stale {
		return s.token, nil
	}
	a, err := s.auth.Auth.Authorize(ctx)
	if err != nil {
		return "", err
	}
	s.renewals.Add(1)
	s.token = a.Token
	return s.token, nil
}

func TestTokenSource(t *testing.T) {
	t.Parallel()
	srv := mmtest.NewServer()
	defer srv.Close()
	authClient := fakeClient(t, srv, mm.WithAppCredentials(srv.AppID, srv.AppSecret))
	ts := &sharedTokens{token: srv.Token, auth: authClient}
	c := fakeClient(t, srv, mm.WithTokenSource(ts))
	_, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
	srv.ExpireTokens()
	p := validParams()
	p.Phone = "13900000011"
	_, err = c.Customers.Register(context.Background(), p)
	require.NoError(t, err)
	assert.EqualValues(t, 1, ts.renewals.Load())
}

func TestEncryptedRegistration(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil, mm.WithEncryption(""))
	var resp mm.Response
	reg, err := c.Customers.Register(context.Background(), validParams(), mm.WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Regexp(t, `^x-`, reg.Trace)
	cust, ok := srv.CustomerByNo(reg.CustomerNo)
	require.True(t, ok)
	assert.Equal(t, "+86", cust.PhoneArea, "+ survives URL encoding")
	assert.Equal(t, "dc483e80a7a0bd9ef71d8cf973673924", cust.PasswordMD5)

	// With a configured key and a static token.
	c2 := fakeClient(t, srv, mm.WithToken(srv.Token),
		mm.WithEncryption(srv.PublicKey))
	p := validParams()
	p.Phone, p.Remark = "13900000012", "VIP 客户 & co = 100%"
	reg, err = c2.Customers.Register(context.Background(), p, mm.WithTrace("my-trace"))
	require.NoError(t, err)
	assert.Equal(t, "x-my-trace", reg.Trace)
	cust, _ = srv.CustomerByNo(reg.CustomerNo)
	assert.Equal(t, "VIP 客户 & co = 100%", cust.Remark)
}

func TestEncryptionRefusals(t *testing.T) {
	t.Parallel()
	// A key the server does not hold: the server cannot decrypt (015).
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	der, _ := x509.MarshalPKIXPublicKey(&other.PublicKey)
	srv, c := newFake(t, nil, mm.WithEncryption(base64.StdEncoding.EncodeToString(der)))
	_, err = c.Customers.Register(context.Background(), validParams())
	assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_015), err)
	assert.ErrorIs(t, err, mm.ErrInvalidRequest)
	assert.Zero(t, srv.Acted(opRegister))

	// A server whose clock is 10 minutes ahead: request expired (014).
	skewed, c2 := newFake(t, []mmtest.Option{mmtest.WithClock(func() time.Time { return time.Now().Add(10 * time.Minute) })}, mm.WithEncryption(""))
	_, err = c2.Customers.Register(context.Background(), validParams())
	assert.True(t, mm.IsCode(err, mm.CodeGGATEWAY_CODE_014), err)
	assert.ErrorIs(t, err, mm.ErrRequestExpired)
	assert.Zero(t, skewed.Acted(opRegister))

	// Encryption without a key source fails at start-up, not on every call.
	_, err = mm.NewClient(mm.WithBaseURL(srv.URL), mm.WithCompanyID(srv.CompanyID), mm.WithToken("t"), mm.WithEncryption(""))
	var verr *mm.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "WithEncryption", verr.Field)
}
