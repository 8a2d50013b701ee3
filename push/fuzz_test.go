package push

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecode checks that no input, however broken, panics the decoder or
// loses the message: Raw is always the input, and a documented type either
// has a Payload or an Err. Seeds include every documentation example as
// published (comments, zero-width spaces, a duplicate key) and cleaned,
// and the corner cases of the one-pass readers (scan.go), whose result must
// equal encoding/json's.
func FuzzDecode(f *testing.F) {
	for _, ex := range docExamples(f) {
		f.Add([]byte(ex))
		f.Add([]byte(cleanDocJSON(ex)))
	}
	for _, s := range []string{
		``, `pong`, `null`, `[]`, `{"eventType":null,"data":null}`, `{"eventType":{},"data":{}}`,
		`{"eventType":"kyc","data":{"id":1e400}}`, `{"eventType":"deposit","data":{"actualAmount":"x"}}`,
		`{"eventType":"register","data":{"id":"1","status":"1","optional":"true"}}`,
	} {
		f.Add([]byte(s))
	}
	for _, s := range scanCorner {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		sameAsReference(t, msg) // the one-pass readers read as encoding/json does
		ev := Decode(msg)
		if !bytes.Equal(ev.Raw, msg) {
			t.Fatalf("Raw changed")
		}
		if ev.Payload != nil {
			if ev.Err != nil {
				t.Fatalf("payload with error %v", ev.Err)
			}
			if ev.Payload.EventType() != ev.Type {
				t.Fatalf("payload %T for %q", ev.Payload, ev.Type)
			}
		} else if ev.Type.Known() && ev.Err == nil {
			t.Fatalf("documented type %q without payload or error", ev.Type)
		}
		if ev.Err == nil && !json.Valid(msg) {
			t.Fatalf("invalid JSON accepted without error")
		}
		_ = ev.UnknownFields()
		_ = DefaultKey(&ev)
		d := newDedup(4)
		if d.add(d.key(ev.Type, ev.Data, ev.Raw)) || !d.add(d.key(ev.Type, ev.Data, ev.Raw)) {
			t.Fatalf("dedup not deterministic")
		}
	})
}
