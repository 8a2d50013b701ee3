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
	"github.com/multimarkets-sdk/multimarkets-go/internal/jsonscan"
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
//     unknown fields included — is ever lost. Data is a slice of Raw (not a
//     copy), with its capacity cut at its end: treat both as read-only.
type Event struct {
	Type       EventType               // "eventType"; "" if the message has none or is not JSON
	ID         multimarkets.FlexString // "data.id", the record key; repeats across updates of a record
	Data       json.RawMessage         // "data" exactly as received; nil if absent
	Payload    Payload                 // typed data for documented types; nil for unknown types or on Err
	Err        error                   // *DecodeError when the message or its typed data could not be decoded
	Raw        []byte                  // the whole message exactly as received
	Key        string                  // ordering key the subscriber used (see Options.KeyFunc)
	ReceivedAt time.Time               // when the subscriber read the message

	lazy    bool    // Payload is still to be decoded from Data (see decodeHead)
	compact bool    // Data has no whitespace between tokens (see dedup.key)
	seq     uint64  // arrival order within one Run
	cost    int64   // bytes counted against Options.MaxBufferedBytes while buffered
	id      EventID // de-duplication identity, if hasID
	hasID   bool    // the event was de-duplicated (complete message, window enabled)
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

// Decode parses one pushed message. It never fails: problems are reported in
// Event.Err and the bytes are kept in Event.Raw and Event.Data. msg is
// copied, so the caller may reuse it. Key and ReceivedAt are left empty;
// the Subscriber fills them.
func Decode(msg []byte) Event {
	raw := append([]byte(nil), msg...)
	ev, _ := decode(raw)
	return ev
}

// decode parses raw (which it keeps, without copying) completely and also
// returns the record keys used for ordering.
func decode(raw []byte) (Event, recordKeys) {
	ev, k := decodeHead(raw)
	ev.decodePayload()
	return ev, k
}

// decodeHead does the part of decoding the reader must do before it can
// de-duplicate and order an event: the envelope (Type, Data, envelope
// errors) and the record keys (ID). The typed Payload is left to
// decodePayload (Event.lazy is set when there is one to decode), so that the
// subscriber's workers decode payloads in parallel instead of the reader
// alone.
func decodeHead(raw []byte) (Event, recordKeys) {
	ev, spans := decodeEnvelope(raw)
	if ev.Err != nil {
		return ev, recordKeys{}
	}
	if ev.Type.Known() {
		if ev.Data == nil {
			ev.Err = &DecodeError{Type: ev.Type, Err: errNoData}
			return ev, recordKeys{}
		}
		ev.lazy = true
	}
	k, ok := spans.keys(ev.Type)
	if !ok {
		k = dataKeys(ev.Type, ev.Data)
	}
	ev.ID = k.id
	return ev, k
}

// decodePayload decodes the typed Payload of an event decodeHead left lazy,
// or sets Err. It reports whether it set Err.
func (ev *Event) decodePayload() (failed bool) {
	if !ev.lazy {
		return false
	}
	ev.lazy = false
	p := payloadFactories[ev.Type]()
	if scanPayload(ev.Type, ev.Data, p) {
		ev.Payload = p
		return false
	}
	p = payloadFactories[ev.Type]()
	if err := json.Unmarshal(ev.Data, p); err != nil {
		ev.Err = &DecodeError{Type: ev.Type, Err: err}
		return true
	}
	ev.Payload = p
	return false
}

// decodeEnvelope reads eventType and data. The common message (valid JSON,
// an object whose member names are plain ASCII without escapes, each of
// "eventType" and "data" at most once and in that spelling) is read in one
// pass with no copy: Data is a slice of raw. Anything else goes through
// encoding/json, whose rules (case-insensitive names, the last duplicate
// wins, escapes) decide; both give the same Event.
func decodeEnvelope(raw []byte) (Event, keySpans) {
	ev := Event{Raw: raw}
	h, ok := scanEnvelope(raw)
	if !ok {
		var env envelope
		if err := json.Unmarshal(raw, &env); err != nil {
			ev.Err = &DecodeError{Err: err}
			return ev, keySpans{}
		}
		h = envelopeScan{typ: env.EventType, data: env.Data}
	}
	if len(h.typ) > 0 {
		s, err := scalarText(h.typ, "eventType")
		if err != nil {
			ev.Err = &DecodeError{Err: err}
		}
		ev.Type = EventType(s)
	}
	if len(h.data) > 0 && !bytes.Equal(h.data, []byte("null")) {
		ev.Data = h.data
		ev.compact = h.compact
	}
	return ev, h.spans
}

// envelopeScan is what scanEnvelope found.
type envelopeScan struct {
	typ, data []byte
	compact   bool     // data has no whitespace between tokens
	spans     keySpans // data's key fields, if spans.ok
}

// scanEnvelope finds the eventType and data values of raw; ok is false if
// raw is not the common case decodeEnvelope describes.
func scanEnvelope(raw []byte) (h envelopeScan, ok bool) {
	valid, spaced := jsonscan.Valid(raw)
	if !valid {
		return h, false
	}
	h.compact = !spaced
	i := jsonscan.SkipSpace(raw, 0)
	if i == len(raw) || raw[i] != '{' {
		return h, false
	}
	ok = jsonscan.WalkObject(raw, i, func(name []byte, i int) int {
		switch {
		case string(name) == "eventType" && h.typ == nil:
			end := jsonscan.SkipValue(raw, i)
			h.typ = raw[i:end]
			return end
		case string(name) == "data" && h.data == nil:
			// The key fields are read on the way through data.
			end := -1
			if raw[i] == '{' {
				end = h.spans.scan(raw, i)
			}
			if end < 0 {
				h.spans = keySpans{}
				end = jsonscan.SkipValue(raw, i)
			}
			h.data = raw[i:end:end] // appending to Data must not write into Raw
			return end
		case bytes.EqualFold(name, []byte("eventType")), bytes.EqualFold(name, []byte("data")):
			return -1 // another spelling or a duplicate: encoding/json's rules
		}
		return jsonscan.SkipValue(raw, i)
	}) >= 0
	return h, ok
}

// keyRule says where a documented type keeps its ordering keys: whether it
// has a customer number, and which field is its account ID ("" for none).
// It mirrors each payload's keys method (TestKeyRulesMatchPayloads checks
// that).
type keyRule struct {
	customerNo bool
	account    string
}

// keyRules holds the documented types whose keys are not the default
// (customerNo and accountId).
var keyRules = map[EventType]keyRule{
	EventRegister:           {customerNo: true},
	EventCustomerUpdate:     {customerNo: true},
	EventCustomerInfoInsert: {customerNo: true},
	EventCustomerInfoUpdate: {customerNo: true},
	EventKYC:                {customerNo: true},
	EventOpenAccount:        {customerNo: true, account: "id"},
	EventAccountUpdate:      {customerNo: true, account: "id"},
	EventSubjectInsert:      {account: "accountId"},
	EventSubjectUpdate:      {account: "accountId"},
}

func keyRuleOf(t EventType) keyRule {
	if r, ok := keyRules[t]; ok {
		return r
	}
	return keyRule{customerNo: true, account: "accountId"}
}

// dataKeys reads an event's record keys from its data: "id", and as
// keyRuleOf(t) says "customerNo" and the account ID, decoded as
// encoding/json would decode them into the typed payload (the customer
// number also from a number). If data is not an object or a key field does
// not decode, every key is empty. The keys do not depend on the other
// fields, so an event whose payload fails to decode keeps its record's
// ordering key.
func dataKeys(t EventType, data []byte) recordKeys {
	if k, ok := scanKeys(t, data); ok {
		return k
	}
	return dataKeysJSON(t, data)
}

// dataKeysJSON is dataKeys with encoding/json.
func dataKeysJSON(t EventType, data []byte) recordKeys {
	var pr struct {
		ID         multimarkets.FlexString `json:"id"`
		CustomerNo json.RawMessage         `json:"customerNo"`
		AccountID  multimarkets.FlexString `json:"accountId"`
	}
	var k recordKeys
	if data == nil || json.Unmarshal(data, &pr) != nil {
		return k
	}
	r := keyRuleOf(t)
	k.id = pr.ID
	if r.customerNo {
		k.customerNo, _ = scalarText(pr.CustomerNo, "customerNo")
	}
	switch r.account {
	case "id":
		k.accountID = pr.ID
	case "accountId":
		k.accountID = pr.AccountID
	}
	return k
}

// scanKeys is dataKeys for the common case (data is an object whose member
// names are plain ASCII without escapes, each key field at most once and in
// its exact spelling) without encoding/json; ok is false otherwise.
func scanKeys(t EventType, data []byte) (k recordKeys, ok bool) {
	var ks keySpans
	if len(data) == 0 || data[0] != '{' || ks.scan(data, 0) < 0 {
		return k, false
	}
	return ks.keys(t)
}

// keySpans are the values of the key fields of a data object.
type keySpans struct {
	id, customerNo, accountID []byte
	ok                        bool // the object was scanned
}

// scan reads the key fields of the object at b[i] and returns the index
// after it; -1 if it gave up (see scanKeys).
func (ks *keySpans) scan(b []byte, i int) int {
	end := jsonscan.WalkObject(b, i, func(name []byte, i int) int {
		end := jsonscan.SkipValue(b, i)
		switch {
		case string(name) == "id" && ks.id == nil:
			ks.id = b[i:end]
		case string(name) == "customerNo" && ks.customerNo == nil:
			ks.customerNo = b[i:end]
		case string(name) == "accountId" && ks.accountID == nil:
			ks.accountID = b[i:end]
		case bytes.EqualFold(name, []byte("id")), bytes.EqualFold(name, []byte("customerNo")), bytes.EqualFold(name, []byte("accountId")):
			return -1
		}
		return end
	})
	ks.ok = end >= 0
	return end
}

// keys decodes the scanned key fields by t's rules; ok is false if they
// were not scanned or one does not decode.
func (ks *keySpans) keys(t EventType) (k recordKeys, ok bool) {
	if !ks.ok {
		return k, false
	}
	r := keyRuleOf(t)
	if ks.id != nil && k.id.UnmarshalJSON(ks.id) != nil {
		return k, false
	}
	if ks.accountID != nil && k.accountID.UnmarshalJSON(ks.accountID) != nil {
		return k, false
	}
	switch r.account {
	case "id":
		k.accountID = k.id
	case "":
		k.accountID = ""
	}
	if r.customerNo && ks.customerNo != nil {
		k.customerNo, _ = scalarText(ks.customerNo, "customerNo")
	}
	return k, true
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
// messages that could not be decoded. The fields are those of the event
// type's payload: subject_insert and subject_update have no customer
// number, and the account ID of open_account and account_update is their
// data.id; undocumented types use customerNo and accountId. Only these key
// fields count, so an event whose other fields do not decode (Err set) keeps
// its record's key. Note the consequence: events that
// carry only an account ID (subject_insert, subject_update) are ordered per
// account, not per customer; set KeyFunc (or Workers: 1) for a coarser
// order.
func DefaultKey(ev *Event) string {
	if ev.Err != nil && ev.Type == "" {
		return "" // the envelope did not decode, or the message was cut (ErrMessageTooBig)
	}
	return defaultKey(ev, dataKeys(ev.Type, ev.Data))
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
