package multimarkets_test

import (
	"context"
	"errors"
	"testing"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func TestReferenceDictionary(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	got, err := c.Reference.Dictionary(ctx, &multimarkets.DictionaryParams{ParentCode: "USDT"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "Tron(TRC20)" || got[0].ID != 1300 || got[0].ParentID != 469 || got[0].Status != multimarkets.RecordEnabled ||
		got[0].UpdatedAt.UnixMilli() != 1675995340948 {
		t.Fatalf("got %+v", got)
	}
	phones, err := c.Reference.Dictionary(ctx, &multimarkets.DictionaryParams{ParentCode: multimarkets.DictPhoneCode})
	if err != nil || len(phones) != 2 || phones[0].Code != "+86" {
		t.Fatalf("phone codes %+v, %v", phones, err)
	}
	// The token is optional for dictionaries: a client without one works.
	anon, _ := multimarkets.NewClient(multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID))
	if _, err := anon.Reference.Dictionary(ctx, &multimarkets.DictionaryParams{ParentCode: multimarkets.DictRegisterSource}); err != nil {
		t.Fatalf("without token: %v", err)
	}
	// Refusal: an expired token is refused even where none is required.
	srv.ExpireTokens()
	if _, err := c.Reference.Dictionary(ctx, &multimarkets.DictionaryParams{ParentCode: "USDT"}); !errors.Is(err, multimarkets.ErrTokenExpired) {
		t.Fatalf("expired token: %v", err)
	}
}

func TestReferenceCountries(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	got, err := c.Reference.Countries(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Code != "AF" || got[0].PhoneArea != "+93" || got[2].PhoneArea != "809，808，807" {
		t.Fatalf("got %+v", got)
	}
	sub, err := c.Reference.Countries(ctx, &multimarkets.CountriesParams{ParentCode: "AF"})
	if err != nil || len(sub) != 0 {
		t.Fatalf("children of AF: %v, %v", sub, err)
	}
	srv.InjectFault("config.admin.AdminDictDubboService.getCountryListByParentCode", mmtest.Code("GGATEWAY_CODE_012"))
	if _, err := c.Reference.Countries(ctx, nil, multimarkets.WithMaxAttempts(1)); !errors.Is(err, multimarkets.ErrServerUnavailable) {
		t.Fatalf("gateway refusal: %v", err)
	}
}

func TestReferenceAssets(t *testing.T) {
	srv, c := fake4b(t)
	ctx := context.Background()
	assets, err := c.Reference.Assets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(assets) != 4 || assets[2].Code != "USDT" || assets[2].Digits != 4 || assets[2].FundID != 147 || assets[3].InitState != 2 {
		t.Fatalf("assets %+v", assets)
	}
	tta, err := c.Reference.TradeTypeAssets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tta) != 2 || tta[0].TradeType != multimarkets.TradeTypeSpot || tta[0].Groups[0].CustomerGroupID != 1 ||
		tta[0].Groups[0].Assets[0].Code != "USDT" {
		t.Fatalf("trade type assets %+v", tta)
	}
	other := otherCompany4b(t, srv)
	if _, err := other.Reference.Assets(ctx); !errors.Is(err, multimarkets.ErrUnauthorized) {
		t.Fatalf("foreign company: %v", err)
	}
	if _, err := other.Reference.TradeTypeAssets(ctx); !errors.Is(err, multimarkets.ErrUnauthorized) {
		t.Fatalf("foreign company: %v", err)
	}
}

func TestReferenceValidation(t *testing.T) {
	srv, c := fake4b(t)
	for _, p := range []*multimarkets.DictionaryParams{nil, {}, {ParentCode: "  "}} {
		_, err := c.Reference.Dictionary(context.Background(), p)
		var ve *multimarkets.ValidationError
		if !errors.As(err, &ve) || (ve.Field != "DictionaryParams.ParentCode" && ve.Field != "DictionaryParams") {
			t.Fatalf("%+v: err = %v", p, err)
		}
	}
	if n := srv.Requests("config.admin.AdminDictDubboService.getListByParentCode"); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}
