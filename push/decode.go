package push

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// Event is one message of the push stream as handed to a Handler.
//
// Every message the server sends is delivered as an Event, including
// messages of unknown type and messages that are not valid JSON:
//   - Type, ID and Data come from the envelope {"eventType":…,"data":{…}};
//   - Payload is the typed data (*Register, *SubjectUpdate, …) for documented
//     event types that decoded completely, nil otherwise;
//   - Err says why Payload is nil for a documented type, or why the message
//     is not a valid envelope (a *DecodeError); it is nil for unknown event
//     types that are valid JSON;
//   - Data and Raw always keep the bytes exactly as received, so nothing —
//     unknown fields included — is ever lost.
type Event struct {
	Type       EventType               // "eventType"; "" if the message has none or is not JSON
	ID         multimarkets.FlexString // "data.id", the record key; repeats across updates of a record
	Data       json.RawMessage         // "data" exactly as received; nil if absent
	Payload    Payload                 // typed data for documented types; nil for unknown types or on Err
	Err        error                   // *DecodeError when the message or its typed data could not be decoded
	Raw        []byte                  // the whole message exactly as received
	Key        string                  // ordering key the subscriber used (see Options.KeyFunc)
	ReceivedAt time.Time               // when the subscriber read the message

	seq   uint64  // arrival order within one Run
	cost  int64   // bytes counted against Options.MaxBufferedBytes while buffered
	id    EventID // de-duplication identity, if hasID
	hasID bool    // the event was de-duplicated (complete message, window enabled)
}

// String describes the event by type, ID, ordering key, size and error:
// not its bytes or payload, which may hold personal data (phones, e-mails,
// names, IPs, bank cards).
func (e Event) String() string {
	s := fmt.Sprintf("push.Event{type=%s id=%s key=%s bytes=%d", e.Type, e.ID, e.Key, len(e.Raw))
	if e.Err != nil {
		s += " err=" + e.Err.Error()
	}
	return s + "}"
}

// Format prints String under every fmt verb (%v, %+v, %#v, %x, …).
func (e Event) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.String()) }

// GoString is String.
func (e Event) GoString() string { return e.String() }

// DecodeError reports why a pushed message, or its data, could not be
// decoded. It never stops the stream: the message is still delivered raw.
type DecodeError struct {
	Type EventType // event type, if the envelope could be read
	Err  error     // underlying JSON error
}

// Error implements error.
func (e *DecodeError) Error() string {
	if e.Type == "" {
		return "push: malformed message: " + e.Err.Error()
	}
	return fmt.Sprintf("push: cannot decode %s data: %v", e.Type, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

type envelope struct {
	EventType json.RawMessage `json:"eventType"`
	Data      json.RawMessage `json:"data"`
}

// probe extracts the identity and ordering fields of data whose type has no
// typed payload.
type probe struct {
	ID         multimarkets.FlexString `json:"id"`
	CustomerNo json.RawMessage         `json:"customerNo"`
	AccountID  multimarkets.FlexString `json:"accountId"`
}

// Decode parses one pushed message. It never fails: problems are reported in
// Event.Err and the bytes are kept in Event.Raw and Event.Data. msg is
// copied, so the caller may reuse it. Key and ReceivedAt are left empty;
// the Subscriber fills them.
func Decode(msg []byte) Event {
	raw := append([]byte(nil), msg...)
	ev, _ := decode(raw)
	return ev
}

// decode parses raw (which it keeps, without copying) and also returns the
// record keys used for ordering.
func decode(raw []byte) (Event, recordKeys) {
	ev := Event{Raw: raw}
	var k recordKeys
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		ev.Err = &DecodeError{Err: err}
		return ev, k
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
		return ev, k
	}
	if f, ok := payloadFactories[ev.Type]; ok {
		p := f()
		if ev.Data == nil {
			ev.Err = &DecodeError{Type: ev.Type, Err: errNoData}
			return ev, k
		}
		if err := json.Unmarshal(ev.Data, p); err != nil {
			ev.Err = &DecodeError{Type: ev.Type, Err: err}
		} else {
			ev.Payload = p
			k = p.keys()
			ev.ID = k.id
			return ev, k
		}
	}
	// Unknown type, or a documented type whose data did not decode: keep
	// the identity fields if they can be read.
	k = probeKeys(ev.Data)
	ev.ID = k.id
	return ev, k
}

var errNoData = fmt.Errorf("message has no data object")

// UnknownFields returns the names of the top-level data fields that the
// typed Payload does not have (sorted), so callers can notice new server
// fields; their values are in Data. For events without a Payload it returns
// every field name of Data.
func (e *Event) UnknownFields() []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(e.Data, &m) != nil {
		return nil
	}
	known := map[string]bool{}
	if e.Payload != nil {
		known = jsonFields(reflect.TypeOf(e.Payload).Elem())
	}
	var out []string
	for name := range m {
		if !known[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

var fieldCache sync.Map // reflect.Type -> map[string]bool

// jsonFields returns the JSON names of t's fields, including promoted ones.
func jsonFields(t reflect.Type) map[string]bool {
	if v, ok := fieldCache.Load(t); ok {
		return v.(map[string]bool)
	}
	m := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for k := range jsonFields(f.Type) {
				m[k] = true
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if name != "-" {
			m[name] = true
		}
	}
	fieldCache.Store(t, m)
	return m
}

// DefaultKey is the ordering key the Subscriber uses unless Options.KeyFunc
// is set: events with the same key are handled one at a time in arrival
// order; events with different keys may be handled concurrently.
//
// It is "customer:<customerNo>" when the data carries a customer number,
// else "account:<accountId>", else "record:<eventType>:<id>", and "" for
// messages that could not be decoded. Note the consequence: events that
// carry only an account ID (subject_insert, subject_update) are ordered per
// account, not per customer; set KeyFunc (or Workers: 1) for a coarser
// order.
func DefaultKey(ev *Event) string {
	if ev.Payload != nil {
		return defaultKey(ev, ev.Payload.keys())
	}
	return defaultKey(ev, probeKeys(ev.Data))
}

func probeKeys(data json.RawMessage) recordKeys {
	var k recordKeys
	var pr probe
	if data != nil && json.Unmarshal(data, &pr) == nil {
		k.id, k.accountID = pr.ID, pr.AccountID
		if s, err := scalarText(pr.CustomerNo, "customerNo"); err == nil {
			k.customerNo = s
		}
	}
	return k
}

func defaultKey(ev *Event, k recordKeys) string {
	switch {
	case k.customerNo != "":
		return "customer:" + k.customerNo
	case k.accountID != "":
		return "account:" + string(k.accountID)
	case ev.Type != "" && k.id != "":
		return "record:" + string(ev.Type) + ":" + string(k.id)
	case ev.Type != "":
		return "type:" + string(ev.Type)
	}
	return ""
}
