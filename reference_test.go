package multimarkets_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestReferenceDictionary(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t, nil)
	c := fakeClient(t, srv, multimarkets.WithToken(srv.Token))
	ctx := context.Background()
	got, err := c.Reference.ListDictionary(ctx, &multimarkets.DictionaryParams{ParentCode: "USDT"})
	require.NoError(t, err)
	require.Len(t, got, 1, "got %+v", got)
	require.EqualValues(t, "Tron(TRC20)", got[0].Code, "got %+v", got)
	require.EqualValues(t, 1300, got[0].ID, "got %+v", got)
	require.EqualValues(t, 469, got[0].ParentID, "got %+v", got)
	require.EqualValues(t, multimarkets.RecordEnabled, got[0].Status, "got %+v", got)
	require.EqualValues(t, int64(1675995340948), got[0].UpdatedAt.UnixMilli(), "got %+v", got)
	phones, err := c.Reference.ListDictionary(ctx, &multimarkets.DictionaryParams{ParentCode: multimarkets.DictPhoneCode})
	require.NoError(t, err, "phone codes %+v, %v", phones, err)
	require.Len(t, phones, 2, "phone codes %+v, %v", phones, err)
	require.EqualValues(t, "+86", phones[0].Code, "phone codes %+v, %v", phones, err)
	// The token is optional for dictionaries: a client without one works.
	anon := fakeClient(t, srv, multimarkets.WithoutCredentials())
	_, err = anon.Reference.ListDictionary(ctx, &multimarkets.DictionaryParams{ParentCode: multimarkets.DictRegisterSource})
	require.NoError(t, err, "without token: %v", err)
	// Refusal: an expired token is refused even where none is required.
	srv.ExpireTokens()
	_, err = c.Reference.ListDictionary(ctx, &multimarkets.DictionaryParams{ParentCode: "USDT"})
	require.ErrorIs(t, err, multimarkets.ErrTokenExpired, "expired token: %v", err)
}

func TestReferenceCountries(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	got, err := c.Reference.ListCountries(ctx, nil)
	require.NoError(t, err)
	require.Len(t, got, 3, "got %+v", got)
	require.EqualValues(t, "AF", got[0].Code, "got %+v", got)
	require.EqualValues(t, "+93", got[0].PhoneArea, "got %+v", got)
	require.EqualValues(t, "809，808，807", got[2].PhoneArea, "got %+v", got)
	sub, err := c.Reference.ListCountries(ctx, &multimarkets.CountriesParams{ParentCode: "AF"})
	require.NoError(t, err, "children of AF: %v, %v", sub, err)
	require.Empty(t, sub, "children of AF: %v, %v", sub, err)
	srv.InjectFault("config.admin.AdminDictDubboService.getCountryListByParentCode", mmtest.Code("GGATEWAY_CODE_012"))
	_, err = c.Reference.ListCountries(ctx, nil, multimarkets.WithMaxAttempts(1))
	require.ErrorIs(t, err, multimarkets.ErrServerUnavailable, "gateway refusal: %v", err)
}

func TestReferenceAssets(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	assets, err := c.Reference.ListAssets(ctx)
	require.NoError(t, err)
	require.Len(t, assets, 4, "assets %+v", assets)
	require.EqualValues(t, "USDT", assets[2].Code, "assets %+v", assets)
	require.EqualValues(t, 4, assets[2].Digits, "assets %+v", assets)
	require.EqualValues(t, 147, assets[2].FundID, "assets %+v", assets)
	require.EqualValues(t, 2, assets[3].InitState, "assets %+v", assets)
	tta, err := c.Reference.ListTradeTypeAssets(ctx)
	require.NoError(t, err)
	require.Len(t, tta, 2, "trade type assets %+v", tta)
	require.EqualValues(t, multimarkets.TradeTypeSpot, tta[0].TradeType, "trade type assets %+v", tta)
	require.EqualValues(t, 1, tta[0].Groups[0].CustomerGroupID, "trade type assets %+v", tta)
	require.EqualValues(t, "USDT", tta[0].Groups[0].Assets[0].Code, "trade type assets %+v", tta)
	other := fakeClient(t, srv, multimarkets.WithCompanyID("99999"), multimarkets.WithToken(srv.Token))
	_, err = other.Reference.ListAssets(ctx)
	require.ErrorIs(t, err, multimarkets.ErrUnauthorized, "foreign company: %v", err)
	_, err = other.Reference.ListTradeTypeAssets(ctx)
	require.ErrorIs(t, err, multimarkets.ErrUnauthorized, "foreign company: %v", err)
}

func TestReferenceValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	for _, p := range []*multimarkets.DictionaryParams{nil, {}, {ParentCode: "  "}} {
		_, err := c.Reference.ListDictionary(context.Background(), p)
		var ve *multimarkets.ValidationError
		require.ErrorAs(t, err, &ve, "%+v: err = %v", p, err)
		require.False(t, (ve.Field != "DictionaryParams.ParentCode" && ve.Field != "DictionaryParams"), "%+v: err = %v", p, err)
	}
	n := srv.Requests("config.admin.AdminDictDubboService.getListByParentCode")
	require.EqualValues(t, 0, n, "%d requests sent", n)
}
