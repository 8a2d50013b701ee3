package push

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeReference decodes raw with encoding/json alone: the behaviour the
// one-pass readers of scan.go must reproduce.
func decodeReference(raw []byte) (Event, recordKeys) {
	ev := Event{Raw: raw}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		ev.Err = &DecodeError{Err: err}
		return ev, recordKeys{}
	}
	if len(env.EventType) > 0 {
		s, err := scalarText(env.EventType, "eventType")
		if err != nil {
			ev.Err = &DecodeError{Err: err}
		}
		ev.Type = EventType(s)
	}
	if len(env.Data) > 0 && !bytes.Equal(env.Data, []byte("null")) {
		ev.Data = env.Data
	}
	if ev.Err != nil {
		return ev, recordKeys{}
	}
	if ev.Type.Known() && ev.Data == nil {
		ev.Err = &DecodeError{Type: ev.Type, Err: errNoData}
		return ev, recordKeys{}
	}
	k := dataKeysJSON(ev.Type, ev.Data)
	ev.ID = k.id
	if f, ok := payloadFactories[ev.Type]; ok {
		p := f()
		if err := json.Unmarshal(ev.Data, p); err != nil {
			ev.Err = &DecodeError{Type: ev.Type, Err: err}
		} else {
			ev.Payload = p
		}
	}
	return ev, k
}

// referenceKey is the de-duplication identity as defined: SHA-256 of the
// type, 0 and json.Compact(data), or of 1 and raw without data.
func referenceKey(t EventType, data, raw []byte) EventID {
	var in []byte
	if data == nil {
		in = append([]byte{1}, raw...)
	} else {
		var c bytes.Buffer
		if json.Compact(&c, data) != nil {
			c.Write(data)
		}
		in = append(append([]byte(t), 0), c.Bytes()...)
	}
	sum := sha256.Sum256(in)
	var k EventID
	copy(k[:], sum[:])
	return k
}

// sameAsReference fails if decode and the dedup identity differ from
// encoding/json's reading of msg.
func sameAsReference(t testing.TB, msg []byte) {
	t.Helper()
	got, gk := decode(append([]byte(nil), msg...))
	want, wk := decodeReference(append([]byte(nil), msg...))
	if got.Type != want.Type || got.ID != want.ID || !bytes.Equal(got.Data, want.Data) || !bytes.Equal(got.Raw, want.Raw) ||
		gk != wk || fmt.Sprint(got.Err) != fmt.Sprint(want.Err) || !reflect.DeepEqual(got.Payload, want.Payload) {
		t.Fatalf("%q:\n got  %v keys %+v payload %#v\n want %v keys %+v payload %#v", msg, got, gk, got.Payload, want, wk, want.Payload)
	}
	if (got.Data == nil) != (want.Data == nil) {
		t.Fatalf("%q: Data nil %v, reference %v", msg, got.Data == nil, want.Data == nil)
	}
	d := newDedup(1)
	if want.Err == nil || want.Data == nil {
		r := referenceKey(want.Type, want.Data, want.Raw)
		if k := d.keyOf(got.Type, got.Data, got.Raw, got.compact); k != r {
			t.Fatalf("%q: identity %s, reference %s", msg, k, r)
		}
		if k := d.key(got.Type, got.Data, got.Raw); k != r {
			t.Fatalf("%q: identity without the compact hint %s, reference %s", msg, k, r)
		}
	}
	if DefaultKey(&got) != defaultKey(&got, gk) {
		t.Fatalf("%q: DefaultKey %q, the subscriber's key %q", msg, DefaultKey(&got), defaultKey(&got, gk))
	}
}

// scanCorner are messages the one-pass readers must give up on or read
// exactly as encoding/json does.
var scanCorner = []string{
	``, ` `, `pong`, `null`, `[]`, `{}`, `"x"`, `{"eventType":"kyc"}`, `{"eventType":"kyc","data":null}`,
	`{"eventType":null,"data":null}`, `{"eventType":{},"data":{}}`, `{"eventType":1,"data":{"id":1}}`,
	`{"EventType":"kyc","data":{"id":"1","customerNo":"9"}}`, `{"eventType":"kyc","DATA":{"id":"1"}}`,
	`{"eventType":"kyc","eventType":"deposit","data":{"id":"1"}}`, `{"eventType":"kyc","data":{"id":"1"},"data":{"id":"2"}}`,
	`{"\u0065ventType":"kyc","data":{"id":"1"}}`, `{"eventType":"kyc","d\u0061ta":{"id":"1"}}`,
	`{"eventType":"k\u0079c","data":{"id":"1"}}`, `{"eventTyp\u00e9":"kyc","data":{}}`, `{"ſata":{"id":"1"},"eventType":"kyc"}`,
	` { "data" : { "id" : "1" , "customerNo" : "86 000" , "x" : [ 1 , { "y" : "a b" } ] } , "eventType" : "kyc" } `,
	`{"data":{"id":"1","customerNo":86000001,"accountId":7},"eventType":"deposit"}`,
	`{"data":{"ID":"1","customerNo":"8"},"eventType":"deposit"}`, `{"data":{"id":"1","CustomerNo":"8"},"eventType":"brand_new"}`,
	`{"data":{"id":"1","customerNo":"8","customerNo":"9"},"eventType":"deposit"}`, `{"data":{"id":{"a":1},"customerNo":"8"},"eventType":"deposit"}`,
	`{"data":{"id":"1","accountId":[1]},"eventType":"brand_new"}`, `{"data":{"id":"1","customerNo":{"a":1},"accountId":5},"eventType":"brand_new"}`,
	`{"data":{"id":"1","accountId":5,"customerNo":"8"},"eventType":"subject_update"}`,
	`{"data":{"id":"1","accountId":5,"customerNo":""},"eventType":"open_account"}`,
	`{"data":{"id":"1","amount":"x"},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":12.50},"eventType":"subject_update"}`,
	`{"data":{"id":"1","Amount":7},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":"12.50"},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":-0.0},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":"01"},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":"5."},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":".5"},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":""},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":null},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":" 1"},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":1e3},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":-12.345},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":999999999999999999},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":1000000000000000000},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":-9223372036854775808},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":"-"},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":"+5"},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":"1.2.3"},"eventType":"subject_update"}`,
	`{"data":{"id":"1","amount":0.1234567890123456789},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":true},"eventType":"subject_update"}`, `{"data":{"id":"1","amount":7,"amount":8},"eventType":"subject_update"}`,
	`{"data":{"id":"1","currencyCode":"H\"K\\D\u00e9\n"},"eventType":"subject_water_insert"}`,
	`{"data":{"id":"1","currencyCode":5},"eventType":"subject_water_insert"}`, `{"data":{"id":"1","currencyCode":null},"eventType":"subject_water_insert"}`,
	"{\"data\":{\"id\":\"1\",\"currencyCode\":\"\xff\"},\"eventType\":\"subject_water_insert\"}",
	"{\"data\":{\"id\":\"1\",\"remark\":\"caf\xc3\xa9\"},\"eventType\":\"subject_water_insert\"}",
	`{"data":{"id":"1","optional":"true","status":"1"},"eventType":"register"}`, `{"data":{"id":"1","optional":2},"eventType":"register"}`,
	`{"data":[1,2],"eventType":"kyc"}`, `{"data":"x","eventType":"kyc"}`, `{"data":5,"eventType":"brand_new"}`,
	`{"data":{"id":"1"},"eventType":"kyc"} x`, `{"data":{"id":"1"},"eventType":"kyc",}`, `{"data":{"id":"1",},"eventType":"kyc"}`,
	`{"data":{"id":1e400},"eventType":"kyc"}`, `{"data":{"id":-0.5e+3},"eventType":"brand_new"}`,
	`{"data":{"id":"1","withdraw":{"bankName":"b"}},"eventType":"withdraw"}`,
	`{"data":{"id":"1","unknownField":{"deep":[{"id":"x"}]},"customerNo":"8"},"eventType":"position_update"}`,
}

func TestScanMatchesEncodingJSON(t *testing.T) {
	for _, s := range scanCorner {
		sameAsReference(t, []byte(s))
	}
	for _, ex := range docExamples(t) {
		sameAsReference(t, []byte(ex))
		sameAsReference(t, []byte(cleanDocJSON(ex)))
		var c bytes.Buffer
		require.NoError(t, json.Compact(&c, []byte(cleanDocJSON(ex))))
		sameAsReference(t, c.Bytes())
	}
	for _, m := range perfMessages(t, 200) {
		sameAsReference(t, m)
	}
}

// TestScanTakesTheCommonShape checks that the documented messages, as a
// server sends them, are read by the one-pass readers, not the fallback.
func TestScanTakesTheCommonShape(t *testing.T) {
	for typ, ex := range docExamples(t) {
		var c bytes.Buffer
		require.NoError(t, json.Compact(&c, []byte(cleanDocJSON(ex))))
		for _, msg := range [][]byte{c.Bytes(), []byte(cleanDocJSON(ex))} {
			h, ok := scanEnvelope(msg)
			require.True(t, ok, typ)
			assert.True(t, h.spans.ok, typ)
			_, ok = h.spans.keys(typ)
			assert.True(t, ok, typ)
			assert.True(t, scanPayload(typ, h.data, payloadFactories[typ]()), typ)
		}
	}
}

// TestKeyRulesMatchPayloads checks keyRules against each payload's keys
// method: the reader orders an event by its keys before the payload is
// decoded, so both must agree.
func TestKeyRulesMatchPayloads(t *testing.T) {
	for _, typ := range EventTypes() {
		data := []byte(`{"id":"11","customerNo":"22","accountId":"33","customerId":"44"}`)
		p := payloadFactories[typ]()
		require.NoError(t, json.Unmarshal(data, p), typ)
		k, ok := scanKeys(typ, data)
		require.True(t, ok)
		assert.Equal(t, p.keys(), k, typ)
	}
}
