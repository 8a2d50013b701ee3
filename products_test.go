package multimarkets_test

import (
	"context"
	"errors"
	"testing"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// fake4b starts a fake server and a client with its static token.
func fake4b(t *testing.T, opts ...multimarkets.Option) (*mmtest.Server, *multimarkets.Client) {
	t.Helper()
	srv := mmtest.NewServer()
	t.Cleanup(srv.Close)
	c, err := multimarkets.NewClient(append([]multimarkets.Option{
		multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID), multimarkets.WithToken(srv.Token),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// otherCompany4b is a client of the same fake under another company ID.
func otherCompany4b(t *testing.T, srv *mmtest.Server) *multimarkets.Client {
	t.Helper()
	c, err := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID("99999"), multimarkets.WithToken(srv.Token))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProductsListForGroup(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	got, err := c.Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{TradeType: multimarkets.TradeTypeSpot, CustomerGroupID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].SymbolID != 695 || got[0].CustomerGroupID != 1 || got[0].TradeType != multimarkets.TradeTypeSpot || got[0].TradeTypeName != "Spot" {
		t.Fatalf("got %+v", got)
	}
	// Refusal: the fake (like the server) refuses a foreign company.
	_, err = otherCompany4b(t, srv).Products.ListForGroup(ctx, &multimarkets.GroupProductsParams{TradeType: 1, CustomerGroupID: 1})
	if !errors.Is(err, multimarkets.ErrUnauthorized) {
		t.Fatalf("foreign company: err = %v, want ErrUnauthorized", err)
	}
}

func TestProductsList(t *testing.T) {
	_, c := fake4b(t)
	got, err := c.Products.List(context.Background(), &multimarkets.ListProductsParams{CustomerGroupID: 1, Name: "atom"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "BINAN_ATOM_USDT" || got[0].Status != multimarkets.RecordEnabled ||
		len(got[0].TradeTypes) != 2 || !got[0].TradeTypes.Contains(multimarkets.TradeTypeSpot) {
		t.Fatalf("got %+v", got)
	}
	none, err := c.Products.List(context.Background(), &multimarkets.ListProductsParams{CustomerGroupID: 42})
	if err != nil || len(none) != 0 {
		t.Fatalf("unknown group: %v, %v", none, err)
	}
}

func TestProductsGroupsDetailsFunds(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	groups, err := c.Products.ListGroups(ctx)
	if err != nil || len(groups) != 2 || groups[0].ID != 109 || groups[0].Name != "bethy" || groups[1].Status != multimarkets.RecordDisabled ||
		groups[0].CreatedAt.UnixMilli() != 1639809358108 {
		t.Fatalf("groups %+v, %v", groups, err)
	}
	details, err := c.Products.ListDetails(ctx, &multimarkets.ProductDetailsParams{TradeType: multimarkets.TradeTypeIsolatedContract})
	if err != nil || len(details) != 2 {
		t.Fatalf("details %+v, %v", details, err)
	}
	d := details[0]
	if d.SymbolCode != "BTCUSDT" || !d.CustomerGroupIDs.Contains(2) || d.AskSpread.String() != "0.5" || d.InTradingHours != 1 ||
		len(d.Sessions) != 2 || d.Sessions[1].Weekday().String() != "Sunday" || d.Sessions[1].Start().Hours() != 1 || d.Holidays[0].Start.IsZero() {
		t.Fatalf("detail %+v", d)
	}
	all, err := c.Products.ListDetails(ctx, nil)
	if err != nil || len(all) != 7 {
		t.Fatalf("all details: %d, %v", len(all), err)
	}
	funds, err := c.Products.ListFunds(ctx)
	if err != nil || len(funds) != 1 || funds[0].ShareTokenCode != "V10" || len(funds[0].CustomerGroupIDs) != 4 {
		t.Fatalf("funds %+v, %v", funds, err)
	}
	// Refusals: a foreign company, and a request without a token.
	if _, err := otherCompany4b(t, srv).Products.ListFunds(ctx); !errors.Is(err, multimarkets.ErrUnauthorized) {
		t.Fatalf("foreign company: %v", err)
	}
	noToken, _ := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID))
	if _, err := noToken.Products.ListGroups(ctx); !errors.Is(err, multimarkets.ErrUnauthorized) {
		t.Fatalf("no token: %v", err)
	}
}

func TestProductsValidation(t *testing.T) {
	srv, c := fake4b(t)
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
			if !errors.As(err, &ve) || ve.Field != tt.field || ve.Rule == "" {
				t.Fatalf("err = %v, want ValidationError on %s", err, tt.field)
			}
			if n := srv.Requests(tt.op); n != 0 {
				t.Fatalf("%d requests sent", n)
			}
		})
	}
}
