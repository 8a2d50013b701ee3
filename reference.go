package multimarkets

import (
	"context"
	"strings"
)

// ReferenceService reads the platform's reference data: dictionaries (phone
// area codes, registration sources, banks, …), countries, the company's
// currencies ("assets") and which currencies each customer group may hold
// in each trading mode.
type ReferenceService service

var (
	opDictList      = defineOp(&operation{Name: "config.admin.AdminDictDubboService.getListByParentCode", ReadOnly: true})
	opAssetsList    = defineOp(&operation{Name: "config.admin.AdminAssetsDubboService.getAssetsList", ReadOnly: true})
	opCountryList   = defineOp(&operation{Name: "config.admin.AdminDictDubboService.getCountryListByParentCode", ReadOnly: true})
	opTradeTypeList = defineOp(&operation{Name: "config.admin.AdminAssetsDubboService.getTradeTypeList", ReadOnly: true})
)

// DictCode names a dictionary, the parentCode of Reference.ListDictionary.
type DictCode string

// The dictionaries the spec names; others (such as a currency code, whose
// entries are its chains) are accepted as DictCode("…").
const (
	DictPhoneCode      DictCode = "phone_code"      // phone area codes
	DictRegisterSource DictCode = "register_source" // registration sources
	DictBankCode       DictCode = "bank_code"       // banks
)

// String returns the code.
func (c DictCode) String() string { return string(c) }

// DictionaryParams names the dictionary to read with Reference.ListDictionary.
type DictionaryParams struct {
	// ParentCode is the dictionary's code, e.g. DictPhoneCode. Required.
	ParentCode DictCode
}

// Validate checks the params; Dictionary calls it before sending.
func (p *DictionaryParams) Validate() error {
	if strings.TrimSpace(string(p.ParentCode)) == "" {
		return &ValidationError{Field: "DictionaryParams.ParentCode", Rule: `required, e.g. DictPhoneCode ("phone_code")`}
	}
	return nil
}

type parentCodeBody struct {
	ParentCode string `json:"parentCode"`
}

// DictEntry is one entry of a dictionary.
type DictEntry struct {
	// ID is the entry's ID.
	ID       FlexInt64 `json:"id"`
	ParentID FlexInt64 `json:"parentId"` // ID of the dictionary the entry belongs to
	// Code is the entry's code, e.g. "Tron(TRC20)".
	Code string `json:"code"`
	// ParentCode is the dictionary's code.
	ParentCode string `json:"parentCode"`
	// Name is the entry's name.
	Name        string `json:"name"`
	DisplayName string `json:"displayName"` // the name to show users
	// Sort orders entries.
	Sort FlexInt64 `json:"sort"`
	// ShowType is the dictionary's display type.
	ShowType string `json:"showType"`
	// Extend holds extended attributes as the server sends them.
	Extend string `json:"extend"`
	// Status says whether the entry is enabled.
	Status RecordStatus `json:"status"`
	// HasChildren is 1 when the entry has child entries.
	HasChildren FlexInt64 `json:"hasLeaf"`
	// CreatedAt is when the entry was created.
	CreatedAt MilliTime `json:"createTime"`
	// UpdatedAt is when the entry was last changed.
	UpdatedAt MilliTime `json:"updateTime"`
}

// ListDictionary reads a dictionary's entries
// (config.admin.AdminDictDubboService.getListByParentCode).
//
//mm:op config.admin.AdminDictDubboService.getListByParentCode
func (s *ReferenceService) ListDictionary(ctx context.Context, p *DictionaryParams, opts ...RequestOption) ([]DictEntry, error) {
	if p == nil {
		return nil, s.client.refuse(ctx, opDictList, &ValidationError{Field: "DictionaryParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opDictList, err)
	}
	return call[[]DictEntry](ctx, s.client, opDictList, parentCodeBody{ParentCode: string(p.ParentCode)}, opts)
}

// AllCountries is the parent code that lists every country.
const AllCountries = "-1"

// CountriesParams selects the countries Reference.ListCountries lists.
type CountriesParams struct {
	// ParentCode is the dictionary code; empty means AllCountries ("-1").
	ParentCode string
}

// Country is a country or region of the country dictionary.
type Country struct {
	// ID is the entry's ID.
	ID       FlexInt64 `json:"id"`
	ParentID FlexInt64 `json:"parentId"` // the parent entry's ID
	// Code is the country code (ISO 3166-1 alpha-2 for real countries, but
	// the company may add its own).
	Code string `json:"code"`
	// NationalCode is the country's abbreviation.
	NationalCode string `json:"nationalCode"`
	// PhoneArea is the phone area code, e.g. "+93" (wire countryCode; the
	// company may have entered several separated by commas).
	PhoneArea string `json:"countryCode"`
	// Name is the country's name.
	Name        string `json:"name"`
	DisplayName string `json:"displayName"` // the name to show users
	// ParentCode is the dictionary code.
	ParentCode string `json:"parentCode"`
	// Extend holds extended attributes as the server sends them.
	Extend string `json:"extend"`
	// Sort orders entries.
	Sort FlexInt64 `json:"sort"`
	// Status says whether the entry is active.
	Status RecordStatus `json:"status"`
	// HasChildren is 1 when the entry has child entries.
	HasChildren FlexInt64 `json:"hasLeaf"`
	// Children are the child entries, when the server sends them.
	Children []Country `json:"childs"`
	// CreatedAt is when the entry was created.
	CreatedAt MilliTime `json:"createTime"`
	// UpdatedAt is when the entry was last changed.
	UpdatedAt MilliTime `json:"updateTime"`
}

// ListCountries lists countries and regions with their phone area codes
// (config.admin.AdminDictDubboService.getCountryListByParentCode). p may be
// nil: every country.
//
//mm:op config.admin.AdminDictDubboService.getCountryListByParentCode
func (s *ReferenceService) ListCountries(ctx context.Context, p *CountriesParams, opts ...RequestOption) ([]Country, error) {
	code := AllCountries
	if p != nil && strings.TrimSpace(p.ParentCode) != "" {
		code = p.ParentCode
	}
	return call[[]Country](ctx, s.client, opCountryList, parentCodeBody{ParentCode: code}, opts)
}

// Asset is a currency or other asset the company's accounts can hold.
type Asset struct {
	// ID is the asset's ID.
	ID FlexInt64 `json:"id"`
	// Code is the asset's code, e.g. "USDT".
	Code string `json:"code"`
	// Name is the asset's name.
	Name        string `json:"name"`
	DisplayName string `json:"displayName"` // the name to show users
	// Digits is the number of decimal places of amounts in this asset.
	Digits FlexInt64 `json:"digits"`
	// Type is the asset type code as the server sends it (undocumented
	// values; 1 and 2 occur).
	Type FlexInt64 `json:"type"`
	// FundID is the related fund, 0 if none.
	FundID FlexInt64 `json:"fundId"`
	// InitState is 1 while the asset is initialising and 2 when done.
	InitState FlexInt64 `json:"initState"`
	// Status says whether the asset is enabled.
	Status RecordStatus `json:"status"`
	// Revision is the record's optimistic-lock version.
	Revision FlexInt64 `json:"revision"`
	// CreatedBy is the back-office user who created the asset.
	CreatedBy string `json:"createBy"`
	// UpdatedBy is the back-office user who last changed the asset.
	UpdatedBy string `json:"updateBy"`
	// CreatedAt is when the asset was created.
	CreatedAt MilliTime `json:"createTime"`
	// UpdatedAt is when the asset was last changed.
	UpdatedAt MilliTime `json:"updateTime"`
}

// ListAssets lists the currencies the company may use
// (config.admin.AdminAssetsDubboService.getAssetsList).
//
//mm:op config.admin.AdminAssetsDubboService.getAssetsList
func (s *ReferenceService) ListAssets(ctx context.Context, opts ...RequestOption) ([]Asset, error) {
	return call[[]Asset](ctx, s.client, opAssetsList, companyBody{CompanyID: s.client.cfg.companyID}, opts)
}

// TradeTypeAssets lists, for one trading mode, the currencies each customer
// group may hold.
type TradeTypeAssets struct {
	// TradeType is the trading mode.
	TradeType     TradeType `json:"tradeType"`
	TradeTypeName string    `json:"tradeTypeName"` // the trading mode's name
	// Groups are the customer groups and their currencies.
	Groups []GroupAssets `json:"customerGroupList"`
}

// GroupAssets is a customer group and the currencies it may hold.
type GroupAssets struct {
	// CustomerGroupID is the customer group's ID.
	CustomerGroupID   FlexInt64 `json:"customerGroupId"`
	CustomerGroupName string    `json:"customerGroupName"` // the customer group's name
	// Assets are the currencies.
	Assets []Asset `json:"assetsVoList"`
}

// ListTradeTypeAssets lists, per trading mode and customer group, the
// currencies accounts may be opened in
// (config.admin.AdminAssetsDubboService.getTradeTypeList). Use it to build
// RegisterParams.TradeTypeCurrencies that match the group's configuration.
//
//mm:op config.admin.AdminAssetsDubboService.getTradeTypeList
func (s *ReferenceService) ListTradeTypeAssets(ctx context.Context, opts ...RequestOption) ([]TradeTypeAssets, error) {
	// The schema lists no fields; the example sends companyId, so the SDK
	// does too.
	return call[[]TradeTypeAssets](ctx, s.client, opTradeTypeList, companyBody{CompanyID: s.client.cfg.companyID}, opts)
}
