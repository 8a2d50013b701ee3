package mmtest

import "encoding/json"

// Reference data is answered from the spec's examples (trimmed). The two
// dictionary operations do not require a token (the spec marks it
// optional); an invalid or expired one is still refused.

func init() {
	addOp(&opSpec{name: "config.admin.AdminDictDubboService.getListByParentCode", headers: []string{"companyId"}, handle: (*Server).dictList})
	addOp(&opSpec{name: "config.admin.AdminAssetsDubboService.getAssetsList", headers: []string{"companyId", "token"}, token: true, handle: (*Server).assetsList})
	addOp(&opSpec{name: "config.admin.AdminDictDubboService.getCountryListByParentCode", headers: []string{"companyId"}, handle: (*Server).countryList})
	addOp(&opSpec{name: "config.admin.AdminAssetsDubboService.getTradeTypeList", headers: []string{"companyId", "token"}, token: true, handle: (*Server).tradeTypeList})
}

// dictionaries maps a parentCode to its entries.
var dictionaries = map[string]string{
	"USDT": `[{"code":"Tron(TRC20)","displayName":"Tron","updateTime":1675995340948,"sort":1,"nameEn":null,"parentId":469,"revision":5,"extend":"","nameTw":null,"createBy":"admin","createTime":1673440493544,"parentCode":"USDT","updateBy":"admin","name":"Tron","showType":null,"id":1300,"hasLeaf":0,"status":1}]`,
	"phone_code": `[{"code":"+86","displayName":"China","sort":1,"parentId":10,"extend":"","createTime":1673440493544,"updateTime":1673440493544,"parentCode":"phone_code","name":"+86","showType":null,"id":11,"hasLeaf":0,"status":1},
		{"code":"+1","displayName":"United States","sort":2,"parentId":10,"extend":"","createTime":1673440493544,"updateTime":1673440493544,"parentCode":"phone_code","name":"+1","showType":null,"id":12,"hasLeaf":0,"status":1}]`,
	"register_source": `[{"code":"H5","displayName":"Mobile web","sort":1,"parentId":20,"extend":"1","createTime":1673440493544,"updateTime":1673440493544,"parentCode":"register_source","name":"H5","showType":null,"id":21,"hasLeaf":0,"status":1}]`,
	"bank_code":       `[]`,
}

// dictList: parentCode (string, required); an unknown dictionary is empty.
func (s *Server) dictList(r *request) (any, *apiError) {
	code, e := r.str("parentCode", true)
	if e != nil {
		return nil, e
	}
	if code == "" {
		return nil, r.missingErr()
	}
	if d, ok := dictionaries[code]; ok {
		return json.RawMessage(d), nil
	}
	return []any{}, nil
}

const assetsJSON = `[
 {"code":"CNY","displayName":null,"strId":"2","updateTime":1664158550190,"type":1,"revision":8,"fundId":266,"createBy":"allen","createTime":1616550825827,"updateBy":"admin","bizName":"ASSETS","name":"CNY","digits":2,"initState":null,"id":2,"status":1},
 {"code":"GBP","displayName":null,"strId":"3","updateTime":1652948804388,"type":2,"revision":3,"fundId":256,"createBy":"allen","createTime":1616550837446,"updateBy":"admin","bizName":"ASSETS","name":"GBP","digits":3,"initState":null,"id":3,"status":1},
 {"code":"USDT","displayName":null,"strId":"13","updateTime":1661241474156,"type":1,"revision":51,"fundId":147,"createBy":"admin","createTime":1621394862993,"updateBy":"admin","bizName":"ASSETS","name":"USDT","digits":4,"initState":null,"id":13,"status":1},
 {"code":"VND","displayName":null,"strId":"182","updateTime":1664526848650,"type":1,"revision":0,"fundId":0,"createBy":"admin","createTime":1664526848650,"updateBy":"admin","bizName":"ASSETS","name":"Vietnamese Dong","digits":2,"initState":2,"id":182,"status":1}
]`

// assetsList: companyId (string, optional).
func (s *Server) assetsList(r *request) (any, *apiError) {
	if e := s.companyField(r, false); e != nil {
		return nil, e
	}
	return json.RawMessage(assetsJSON), nil
}

const countriesJSON = `[
 {"nationalCode":"AF","code":"AF","displayName":null,"updateTime":1618881547731,"sort":1,"nameEn":"Afghanistan","childs":null,"parentId":0,"revision":1,"extend":"","nameTw":"Afghanistan","createBy":"admin","createTime":1618881547731,"updateBy":"admin","parentCode":"-1","countryCode":"+93","name":"Afghanistan","id":2,"hasLeaf":null,"status":1},
 {"nationalCode":"AR","code":"AR","displayName":null,"updateTime":1618881547738,"sort":1,"nameEn":"Argentina","childs":null,"parentId":0,"revision":1,"extend":"","nameTw":"Argentina","createBy":"admin","createTime":1618881547738,"updateBy":"admin","parentCode":"-1","countryCode":"+54","name":"Argentina","id":3,"hasLeaf":null,"status":1},
 {"nationalCode":"test008","code":"test008","displayName":null,"updateTime":1660184213856,"sort":79,"nameEn":"test008","childs":null,"parentId":0,"revision":1,"extend":null,"nameTw":"test008","createBy":"admin","createTime":1660184179162,"updateBy":"admin","parentCode":"-1","countryCode":"809，808，807","name":"test008","id":43773,"hasLeaf":null,"status":1}
]`

// countryList: parentCode (string, required); "-1" lists every country,
// other codes have no children in the fake.
func (s *Server) countryList(r *request) (any, *apiError) {
	code, e := r.str("parentCode", true)
	if e != nil {
		return nil, e
	}
	switch code {
	case "":
		return nil, r.missingErr()
	case "-1":
		return json.RawMessage(countriesJSON), nil
	}
	return []any{}, nil
}

const tradeTypeAssetsJSON = `[
 {"tradeType":5,"tradeTypeName":"Spot","customerGroupList":[{"customerGroupId":1,"customerGroupName":"Default client group","assetsVoList":[
   {"code":"USDT","displayName":null,"strId":"13","updateTime":1661241474156,"type":1,"revision":51,"fundId":147,"createBy":"admin","createTime":1621394862993,"updateBy":"admin","bizName":"ASSETS","name":"USDT","digits":4,"initState":null,"id":13,"status":1}]}]},
 {"tradeType":1,"tradeTypeName":"Contract full position","customerGroupList":[{"customerGroupId":1,"customerGroupName":"Default client group","assetsVoList":[
   {"code":"USDT","displayName":null,"strId":"13","updateTime":1661241474156,"type":1,"revision":51,"fundId":147,"createBy":"admin","createTime":1621394862993,"updateBy":"admin","bizName":"ASSETS","name":"USDT","digits":4,"initState":null,"id":13,"status":1}]}]}
]`

// tradeTypeList: the schema lists no body fields; the example's companyId
// (string) is checked when present.
func (s *Server) tradeTypeList(r *request) (any, *apiError) {
	if e := s.companyField(r, false); e != nil {
		return nil, e
	}
	return json.RawMessage(tradeTypeAssetsJSON), nil
}
