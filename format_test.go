package multimarkets_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// TestNoVerbPrintsSecrets formats every root type that holds a secret or
// personal data with every fmt verb (and through slog's text and JSON
// handlers), as a value, a pointer, in a slice and in a field, and looks for
// the secrets and personal data in the output.
func TestNoVerbPrintsSecrets(t *testing.T) {
	t.Parallel()
	const (
		token   = "TOKEN-6f1c2a9e44b0"
		phone   = "13800138000"
		email   = "jane.doe@example.com"
		md5     = "dc483e80a7a0bd9ef71d8cf973673924" // MD5Hex("a123456")
		name    = "Jane Roe"
		idCard  = "110101199003071234"
		code    = "774411"
		sendTok = "SEND-TOKEN-99aa"
		address = "12 Hidden Lane"
	)
	secrets := []string{token, phone, email, md5, name, idCard, code, sendTok, address, "Jane", "Roe", "hidden-tg"}
	c, err := mm.NewClient(mm.WithBaseURL("http://127.0.0.1:1/openapi-b"), mm.WithCompanyID("1"), mm.WithToken(token))
	require.NoError(t, err)
	customer := mm.Customer{CustomerNo: "100001", Phone: phone, PhoneArea: "+86", Email: email, Name: name, FirstName: "Jane",
		LastName: "Roe", IDCard: idCard, TelegramUserName: "hidden-tg", Remark: "call " + phone}
	values := map[string]any{
		"StaticToken":      mm.StaticToken(token),
		"Authorization":    mm.Authorization{Token: token, PublicKey: "MIIBIjAN", Trace: "t"},
		"PlainPassword":    mm.PlainPassword("a123456"),
		"HashedPassword":   mm.HashedPassword(md5),
		"RegisterParams":   mm.RegisterParams{Phone: phone, PhoneArea: "+86", Email: email, Password: mm.PlainPassword("a123456"), Country: "CN"},
		"LoginParams":      mm.LoginParams{Type: mm.LoginEmail, LoginName: email, Password: mm.HashedPassword(md5)},
		"ExistsParams":     mm.ExistsParams{Type: mm.LoginPhone, LoginName: phone, PhoneArea: "+86"},
		"Customer":         customer,
		"CustomerDetail":   mm.CustomerDetail{Customer: customer, Address: address},
		"CustomerLogin":    mm.CustomerLogin{Token: token, Phone: phone, Email: email, CustomerNo: "100001"},
		"EmbedLink":        mm.EmbedLink{URL: "https://ui.example/home?tsource=" + token, CustomerNo: "100001"},
		"EmbedParams":      mm.EmbedParams{Customer: mm.RegisterParams{Phone: phone, Email: email, Password: mm.PlainPassword("a123456")}},
		"CodeStatusParams": mm.CodeStatusParams{ToUser: phone, Code: code, SendToken: sendTok},
		"CodeStatus":       mm.CodeStatus{ToUser: email, Code: code, SendToken: sendTok},
		"APIError":         &mm.APIError{Operation: "op", Code: "X", Message: "phone %s taken", MsgParams: []string{phone}},
		"Client":           c,
	}
	// %p is left out for non-pointers: fmt then reports a bad verb and
	// prints the raw fields without calling any method, which no type can
	// prevent (go vet reports such a call). Pointers are checked with %p.
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%o", "%b", "%e", "%f", "%g", "%t", "%c", "%U", "%10.3v", "%-8s", "% x", "%08.2f"}
	for typ, v := range values {
		wrapped := []any{v, []any{v}, struct{ F any }{v}, map[string]any{"k": v}}
		if p := ptrTo(v); p != nil {
			wrapped = append(wrapped, p)
			assert.NotContains(t, fmt.Sprintf("%p", p), token)
		}
		for _, w := range wrapped {
			for _, verb := range verbs {
				out := fmt.Sprintf(verb, w)
				for _, s := range secrets {
					assert.NotContains(t, out, s, "%s %s", typ, verb)
				}
			}
		}
		var buf strings.Builder
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		for _, s := range secrets {
			assert.NotContains(t, buf.String(), s, "%s in slog", typ)
		}
	}
	// A Password in an unexported field of the caller's own struct, where
	// fmt cannot call its methods, prints as an address.
	type row struct {
		pw mm.Password
		ts mm.TokenSource
		c  *mm.Client
	}
	for _, verb := range append(verbs, "%p") {
		out := fmt.Sprintf(verb, row{mm.PlainPassword("a123456"), mm.StaticToken(token), c})
		assert.NotContains(t, out, md5, verb)
		assert.NotContains(t, out, token, verb)
	}
	// The masked forms stay useful.
	assert.Contains(t, fmt.Sprint(customer), "********000")
	assert.Contains(t, fmt.Sprint(customer), "j***@example.com")
}

// ptrTo returns a pointer to a copy of v for struct values, nil otherwise.
func ptrTo(v any) any {
	switch x := v.(type) {
	case mm.Authorization:
		return &x
	case mm.RegisterParams:
		return &x
	case mm.LoginParams:
		return &x
	case mm.ExistsParams:
		return &x
	case mm.Customer:
		return &x
	case mm.CustomerDetail:
		return &x
	case mm.CustomerLogin:
		return &x
	case mm.EmbedLink:
		return &x
	case mm.CodeStatusParams:
		return &x
	case mm.CodeStatus:
		return &x
	case mm.Password:
		return &x
	}
	return nil
}
