package multimarkets_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go"
)

func TestProductsListForGroup(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	got, err := c.Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{TradeType: multimarkets.TradeTypeSpot, CustomerGroupID: 1})
	require.NoError(t, err)
	require.Len(t, got, 2, "got %+v", got)
	require.EqualValues(t, 695, got[0].SymbolID, "got %+v", got)
	require.EqualValues(t, 1, got[0].CustomerGroupID, "got %+v", got)
	require.EqualValues(t, multimarkets.TradeTypeSpot, got[0].TradeType, "got %+v", got)
	require.EqualValues(t, "Spot", got[0].TradeTypeName, "got %+v", got)
	// Refusal: the fake (like the server) refuses a foreign company.
	_, err = fakeClient(t, srv, multimarkets.WithCompanyID("99999"), multimarkets.WithToken(srv.Token)).Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{TradeType: 1, CustomerGroupID: 1})
	require.ErrorIs(t, err, multimarkets.ErrUnauthorized, "foreign company: err = %v, want ErrUnauthorized", err)
}

func TestProductsList(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil)
	got, err := c.Products.List(context.Background(), &multimarkets.ListProductsParams{CustomerGroupID: 1, Name: "atom"})
	require.NoError(t, err)
	require.Len(t, got, 1, "got %+v", got)
	require.EqualValues(t, "BINAN_ATOM_USDT", got[0].Code, "got %+v", got)
	require.EqualValues(t, multimarkets.RecordEnabled, got[0].Status, "got %+v", got)
	require.Len(t, got[0].TradeTypes, 2, "got %+v", got)
	require.True(t, got[0].TradeTypes.Contains(multimarkets.TradeTypeSpot), "got %+v", got)
	none, err := c.Products.List(context.Background(), &multimarkets.ListProductsParams{CustomerGroupID: 42})
	require.NoError(t, err, "unknown group: %v, %v", none, err)
	require.Empty(t, none, "unknown group: %v, %v", none, err)
}

func TestProductsGroupsDetailsFunds(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	groups, err := c.Products.ListGroups(ctx)
	require.NoError(t, err, "groups %+v, %v", groups, err)
	require.Len(t, groups, 2, "groups %+v, %v", groups, err)
	require.EqualValues(t, 109, groups[0].ID, "groups %+v, %v", groups, err)
	require.EqualValues(t, "bethy", groups[0].Name, "groups %+v, %v", groups, err)
	require.EqualValues(t, multimarkets.RecordDisabled, groups[1].Status, "groups %+v, %v", groups, err)
	require.EqualValues(t, int64(1639809358108), groups[0].CreatedAt.UnixMilli(), "groups %+v, %v", groups, err)
	details, err := c.Products.ListDetails(ctx, &multimarkets.ProductDetailsParams{TradeType: multimarkets.TradeTypeIsolatedContract})
	require.NoError(t, err, "details %+v, %v", details, err)
	require.Len(t, details, 2, "details %+v, %v", details, err)
	d := details[0]
	require.EqualValues(t, "BTCUSDT", d.SymbolCode, "detail %+v", d)
	require.True(t, d.CustomerGroupIDs.Contains(2), "detail %+v", d)
	require.EqualValues(t, "0.5", d.AskSpread.String(), "detail %+v", d)
	require.EqualValues(t, 1, d.InTradingHours, "detail %+v", d)
	require.Len(t, d.Sessions, 2, "detail %+v", d)
	require.EqualValues(t, "Sunday", d.Sessions[1].Weekday().String(), "detail %+v", d)
	require.EqualValues(t, 1, d.Sessions[1].Start().Hours(), "detail %+v", d)
	require.False(t, d.Holidays[0].Start.IsZero(), "detail %+v", d)
	all, err := c.Products.ListDetails(ctx, nil)
	require.NoError(t, err, "all details: %d, %v", len(all), err)
	require.Len(t, all, 7, "all details: %d, %v", len(all), err)
	funds, err := c.Products.ListFunds(ctx)
	require.NoError(t, err, "funds %+v, %v", funds, err)
	require.Len(t, funds, 1, "funds %+v, %v", funds, err)
	require.EqualValues(t, "V10", funds[0].ShareTokenCode, "funds %+v, %v", funds, err)
	require.Len(t, funds[0].CustomerGroupIDs, 4, "funds %+v, %v", funds, err)
	// Refusals: a foreign company, and a request without a token.
	_, err = fakeClient(t, srv, multimarkets.WithCompanyID("99999"), multimarkets.WithToken(srv.Token)).Products.ListFunds(ctx)
	require.ErrorIs(t, err, multimarkets.ErrUnauthorized, "foreign company: %v", err)
	noToken := fakeClient(t, srv, multimarkets.WithoutCredentials())
	_, err = noToken.Products.ListGroups(ctx)
	require.ErrorIs(t, err, multimarkets.ErrUnauthorized, "no token: %v", err)
}

func TestProductsValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	tests := []struct {
		name, field, op string
		call            func() error
	}{
		{"nil group params", "GroupProductsParams", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", func() error {
			_, err := c.Products.ListForGroup(ctx, nil)
			return err
		}},
		{"no trade type", "GroupProductsParams.TradeType", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", func() error {
			_, err := c.Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{CustomerGroupID: 1})
			return err
		}},
		{"no group", "GroupProductsParams.CustomerGroupID", "config.admin.AdminSymbolDubboService.getSymbolTradeTypeByCompanyId", func() error {
			_, err := c.Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{TradeType: 1})
			return err
		}},
		{"list without group", "ListProductsParams.CustomerGroupID", "config.admin.AdminSymbolDubboService.getSymbolList", func() error {
			_, err := c.Products.List(ctx, &multimarkets.ListProductsParams{Name: "x"})
			return err
		}},
		{"negative trade type", "ProductDetailsParams.TradeType", "config.admin.AdminSymbolDubboService.getSymbolByCompanyId", func() error {
			_, err := c.Products.ListDetails(ctx, &multimarkets.ProductDetailsParams{TradeType: -1})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ve *multimarkets.ValidationError
			require.ErrorAs(t, err, &ve, "err = %v, want ValidationError on %s", err, tt.field)
			require.EqualValues(t, tt.field, ve.Field, "err = %v, want ValidationError on %s", err, tt.field)
			require.NotEqualValues(t, "", ve.Rule, "err = %v, want ValidationError on %s", err, tt.field)
			n := srv.Requests(tt.op)
			require.EqualValues(t, 0, n, "%d requests sent", n)
		})
	}
}
