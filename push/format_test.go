package push_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/push"
)

// TestNoVerbPrintsPersonalData prints events and the payloads that hold
// personal data under every fmt verb, alone and nested, and finds none of it.
func TestNoVerbPrintsPersonalData(t *testing.T) {
	t.Parallel()
	personal := []string{"13800001234", "alice@example.com", "198.51.100.23", "6222020200112233", "Alice Holder", "1 Secret Road"}
	events := map[string]push.Event{
		"register": push.Decode([]byte(`{"eventType":"register","data":{"id":80,"customerNo":"86000080","phone":"13800001234","email":"alice@example.com","loginIp":"198.51.100.23"}}`)),
		"info":     push.Decode([]byte(`{"eventType":"customer_info_insert","data":{"id":3,"customerNo":"86000080","registerIp":"198.51.100.23","address":"1 Secret Road"}}`)),
		"withdraw": push.Decode([]byte(`{"eventType":"withdraw","data":{"id":9,"customerNo":"86000080","bankCardNo":"6222020200112233","bankAccountName":"Alice Holder"}}`)),
		"unknown":  push.Decode([]byte(`{"eventType":"new_thing","data":{"id":1,"phone":"13800001234"}}`)),
	}
	values := map[string]any{}
	for name, ev := range events {
		require.NoError(t, ev.Err, name)
		ev := ev
		values[name+" Event"] = ev
		values[name+" *Event"] = &ev
		if ev.Payload != nil {
			values[name+" Payload"] = ev.Payload
		}
	}
	reg := events["register"].Payload.(*push.Register)
	values["Register value"] = *reg
	values["Customer"] = reg.Customer
	w := events["withdraw"].Payload.(*push.Withdraw)
	values["Withdraw value"] = *w
	ev := events["register"]
	values["*HandlerError"] = &push.HandlerError{Event: &ev, Err: errors.New("x"), Pending: []*push.Event{&ev}}
	values["nested"] = struct {
		E []push.Event
		P push.Payload
	}{[]push.Event{ev}, reg}

	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%10v", "%.3v"}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			for _, p := range personal {
				for _, form := range []string{p, hex.EncodeToString([]byte(p)), strings.ToUpper(hex.EncodeToString([]byte(p)))} {
					assert.NotContains(t, out, form, "%s under %s: %s", name, verb, out)
				}
			}
		}
	}
	assert.Equal(t, "push.Customer{id=80 customerNo=86000080}", fmt.Sprintf("%+v", reg))
	assert.Contains(t, fmt.Sprintf("%v", ev), "type=register id=80")
}

// TestNoVerbPrintsTheToken: a StaticToken, the Options holding it (and
// credentials in Header or the URL) and the Subscriber print no secret.
func TestNoVerbPrintsTheToken(t *testing.T) {
	t.Parallel()
	opts := push.Options{
		BaseURL: "https://user:pw-s3cr3t@api.example/openapi-b?sig=s3cr3t-sig",
		Token:   push.StaticToken("tok-s3cr3t"),
		Group:   "g",
		Header:  map[string][]string{"X-Api-Key": {"key-s3cr3t"}},
	}
	sub, err := push.New(opts, func(context.Context, *push.Event) error { return nil })
	require.NoError(t, err)
	values := map[string]any{"token": opts.Token, "options": opts, "*options": &opts, "subscriber": sub,
		"nested": struct{ O push.Options }{opts}}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "s3cr3t", "%s under %s: %s", name, verb, out)
			assert.NotContains(t, out, hex.EncodeToString([]byte("s3cr3t")), "%s under %s", name, verb)
		}
	}
	assert.Contains(t, fmt.Sprint(opts), "X-Api-Key")
}
