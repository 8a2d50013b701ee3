package multimarkets_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// TestCodesDecodeTolerantly: every code list shared by the REST API and data
// push decodes from a JSON number, a numeric string, "" and null, and keeps
// values the docs do not list.
func TestCodesDecodeTolerantly(t *testing.T) {
	t.Parallel()
	var v struct {
		A mm.TradeType      `json:"a"`
		B mm.RegisterSource `json:"b"`
		C mm.CustomerStatus `json:"c"`
		D mm.KYCAuditStatus `json:"d"`
		E mm.AccountStatus  `json:"e"`
		F mm.OrderStatus    `json:"f"`
		G mm.PositionStatus `json:"g"`
		H mm.Direction      `json:"h"`
		I mm.MarginSetType  `json:"i"`
		J mm.RecordStatus   `json:"j"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":"5","b":4,"c":"6","d":2,"e":"2","f":"2","g":"1","h":2,"i":"1","j":"3"}`), &v))
	assert.Equal(t, mm.TradeTypeSpot, v.A)
	assert.Equal(t, mm.SourceAndroid, v.B)
	assert.Equal(t, mm.CustomerClosing, v.C)
	assert.Equal(t, mm.KYCApproved, v.D)
	assert.Equal(t, mm.AccountAvailable, v.E)
	assert.Equal(t, mm.OrderFilled, v.F)
	assert.Equal(t, mm.PositionOpen, v.G)
	assert.Equal(t, mm.Sell, v.H)
	assert.Equal(t, mm.MarginByRatio, v.I)
	assert.Equal(t, mm.RecordDeleted, v.J)

	require.NoError(t, json.Unmarshal([]byte(`{"a":null,"b":"","c":null,"d":"","e":null,"f":"","g":null,"h":"","i":null,"j":""}`), &v))
	assert.Zero(t, v)

	require.NoError(t, json.Unmarshal([]byte(`{"a":6,"b":"10","c":7,"d":"9","e":3}`), &v))
	assert.Equal(t, "TradeType(6)", v.A.String())
	assert.Equal(t, "RegisterSource(10)", v.B.String())
	assert.Equal(t, "CustomerStatus(7)", v.C.String())
	assert.Equal(t, "KYCAuditStatus(9)", v.D.String())
	assert.Equal(t, "AccountStatus(3)", v.E.String())

	for _, bad := range []string{`{"b":"x"}`, `{"c":{}}`, `{"d":true}`, `{"e":[1]}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &v), bad)
	}
}

// TestLoginTypeDecodesTolerantly: data push's registerType is a LoginType and
// decodes like the other code lists.
func TestLoginTypeDecodesTolerantly(t *testing.T) {
	t.Parallel()
	var v struct{ A, B, C, D mm.LoginType }
	require.NoError(t, json.Unmarshal([]byte(`{"A":1,"B":"2","C":null,"D":""}`), &v))
	assert.Equal(t, mm.LoginEmail, v.A)
	assert.Equal(t, mm.LoginPhone, v.B)
	assert.Zero(t, v.C)
	assert.Zero(t, v.D)
	require.NoError(t, json.Unmarshal([]byte(`{"A":"4"}`), &v))
	assert.Equal(t, "LoginType(4)", v.A.String())
	assert.Error(t, json.Unmarshal([]byte(`{"A":"x"}`), &v))
}

// TestFlexStringIDs: identifiers arrive as strings or numbers; the exact
// digits are kept, and Int64 reads numeric ones.
func TestFlexStringIDs(t *testing.T) {
	t.Parallel()
	var v struct{ A, B, C, D mm.FlexString }
	require.NoError(t, json.Unmarshal([]byte(`{"A":80,"B":"x1","C":null,"D":123456789012345678901234567890}`), &v))
	assert.Equal(t, mm.FlexString("80"), v.A)
	assert.Equal(t, mm.FlexString("x1"), v.B)
	assert.Equal(t, mm.FlexString(""), v.C)
	assert.Equal(t, "123456789012345678901234567890", v.D.String())
	n, err := v.A.Int64()
	require.NoError(t, err)
	assert.Equal(t, int64(80), n)
	_, err = v.B.Int64()
	assert.Error(t, err)
	_, err = v.C.Int64()
	assert.Error(t, err)
	b, err := json.Marshal(v.A)
	require.NoError(t, err)
	assert.Equal(t, `"80"`, string(b))
	assert.Error(t, json.Unmarshal([]byte(`{"A":{}}`), &v))
}

// TestPushSharedCodesDecodeTolerantly: the code lists data push shares with
// the REST API since the second unification decode like the others.
func TestPushSharedCodesDecodeTolerantly(t *testing.T) {
	t.Parallel()
	var v struct {
		K mm.AccountKind  `json:"k"`
		R mm.ReviewStatus `json:"r"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"k":"2","r":"3"}`), &v))
	assert.Equal(t, mm.AccountKindMerchant, v.K)
	assert.Equal(t, mm.ReviewRejected, v.R)
	require.NoError(t, json.Unmarshal([]byte(`{"k":null,"r":""}`), &v))
	assert.Zero(t, v)
	require.NoError(t, json.Unmarshal([]byte(`{"k":9,"r":"4"}`), &v))
	assert.Equal(t, "AccountKind(9)", v.K.String())
	assert.Equal(t, "ReviewStatus(4)", v.R.String())
	var f struct {
		T mm.FlowType
		S mm.FlowSubtype
	}
	require.NoError(t, json.Unmarshal([]byte(`{"T":"603","S":"60301"}`), &f))
	assert.Equal(t, mm.FlowStockLimitAdjustment, f.T)
	assert.Equal(t, "quota adjustment deposit", f.S.String(), "every documented subtype is described")
	assert.True(t, f.S.Documented())
	assert.True(t, mm.FlowSubtype(120011).Documented(), "the docs' spelling of 12011")
	assert.Equal(t, "FlowSubtype(4008)", mm.FlowSubtype(4008).String())
	for _, bad := range []string{`{"k":{}}`, `{"r":true}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &v), bad)
	}
}
