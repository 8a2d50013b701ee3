package wallet

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	multimarkets "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// MemoryStore is a Store in process memory: fast and fine for tests and for
// a wallet that itself forgets everything on restart. Everything is lost
// when the process ends; use sqlstore for a real wallet.
//
// It keeps each record compactly, in about 400 bytes and three objects
// (BenchmarkMemoryStoreRecord), so that a store holding many records costs
// the garbage collector little: see memRecord.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]*memRecord
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: make(map[string]*memRecord)} }

// Get returns a copy of the record for key.
func (s *MemoryStore) Get(_ context.Context, key string) (Record, bool, error) {
	s.mu.Lock()
	m, ok := s.m[key]
	s.mu.Unlock()
	if !ok {
		return Record{}, false, nil
	}
	return m.record(), true, nil
}

// Create stores a copy of rec if no record for rec.Key exists.
func (s *MemoryStore) Create(_ context.Context, rec Record) (bool, error) {
	m, err := newMemRecord(&rec)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[rec.Key]; ok {
		return false, nil
	}
	s.m[m.key()] = m
	return true, nil
}

// Update replaces the record if the stored Version is rec.Version-1.
func (s *MemoryStore) Update(_ context.Context, rec Record) (bool, error) {
	m, err := newMemRecord(&rec)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.m[rec.Key]
	if !ok || old.version != rec.Version-1 {
		return false, nil
	}
	s.m[m.key()] = m
	return true, nil
}

// Prune deletes final records (not Pending or Reversing) last written before
// t and returns how many it deleted. Pruned keys are forgotten: a repeat of
// one is treated as new, so keep records longer than MultiMarkets retries.
func (s *MemoryStore) Prune(t time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, m := range s.m {
		if st := State(m.text(textState)); st != StatePending && st != StateReversing && m.updatedAt.Before(t) {
			delete(s.m, k)
			n++
		}
	}
	return n
}

// String describes the store by its size only: records hold personal data.
func (s *MemoryStore) String() string { return fmt.Sprintf("MemoryStore{records=%d}", s.Len()) }

// Format prints String under every fmt verb.
func (s *MemoryStore) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// GoString is String.
func (s *MemoryStore) GoString() string { return s.String() }

// Len returns the number of records held.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// memRecord is a Record as a MemoryStore holds it. A Record with its
// Adjustment is about twelve objects and thirty pointers (each string is
// one), which the garbage collector marks on every cycle for every record
// kept: with 40,000 records its mark phases ran a third of the time and
// slowed every call served meanwhile. A memRecord puts all the strings into
// one (all, which the collector does not look into) and the rest into one
// struct, so it costs three objects (itself, all and the amount's digits)
// and a handful of pointers. Reading it back allocates only the Adjustment;
// its strings are slices of all.
type memRecord struct {
	all  string          // every string of the record, one after another
	ends [numText]uint32 // where each string ends in all

	version                          int64
	leaseUntil, createdAt, updatedAt time.Time

	// The Adjustment's fields that are not strings; hasAdj is whether
	// the Record has an Adjustment.
	hasAdj      bool
	bizType     multimarkets.OrderType
	amount      Amount
	orderID     int64
	requestTime time.Time
	timestamp   time.Time // Meta.Timestamp
}

// The strings of a record, in memRecord.all's order. textKey is first, so
// that the map key is a prefix of all and not a string of its own.
const (
	textKey = iota
	textState
	textUserName
	textCurrency
	textAnswerCode
	textAnswerMsg
	textCancelKey
	textCancelCode
	textCancelMsg
	textOwner
	textAdjThirdServerCode // the Adjustment's, empty without one
	textAdjUserName
	textAdjCurrency
	textAdjOperationType
	textAdjRequestUniqueNo
	textAdjIP
	textAdjMetadata
	textAdjTrace
	numText
)

// textFields points at r's strings and a's, in memRecord.all's order.
func textFields(r *Record, a *Adjustment) [numText]*string {
	return [numText]*string{
		textKey:                &r.Key,
		textState:              (*string)(&r.State),
		textUserName:           &r.UserName,
		textCurrency:           &r.Currency,
		textAnswerCode:         &r.Answer.Code,
		textAnswerMsg:          &r.Answer.Msg,
		textCancelKey:          &r.CancelKey,
		textCancelCode:         &r.CancelAnswer.Code,
		textCancelMsg:          &r.CancelAnswer.Msg,
		textOwner:              &r.Owner,
		textAdjThirdServerCode: &a.ThirdServerCode,
		textAdjUserName:        &a.UserName,
		textAdjCurrency:        &a.Currency,
		textAdjOperationType:   (*string)(&a.OperationType),
		textAdjRequestUniqueNo: &a.RequestUniqueNo,
		textAdjIP:              &a.IP,
		textAdjMetadata:        &a.Metadata,
		textAdjTrace:           &a.Meta.Trace,
	}
}

// newMemRecord copies r (and its Adjustment) into a memRecord. Its strings
// must fit in 4 GiB together (a Handler's are a few hundred bytes).
func newMemRecord(r *Record) (*memRecord, error) {
	m := &memRecord{version: r.Version, leaseUntil: r.LeaseUntil, createdAt: r.CreatedAt, updatedAt: r.UpdatedAt}
	var a Adjustment
	if r.Adjustment != nil {
		a = *r.Adjustment
		m.hasAdj = true
		m.bizType, m.amount, m.orderID = a.BizType, a.Amount, a.OrderID
		m.requestTime, m.timestamp = a.RequestTime, a.Meta.Timestamp
	}
	fields := textFields(r, &a)
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	if uint64(n) > math.MaxUint32 {
		return nil, fmt.Errorf("wallet: MemoryStore: the record's strings are %d bytes, over 4 GiB", n)
	}
	var b strings.Builder
	b.Grow(n)
	for i, f := range fields {
		b.WriteString(*f)
		m.ends[i] = uint32(b.Len())
	}
	m.all = b.String()
	return m, nil
}

// text returns string i of the record.
func (m *memRecord) text(i int) string {
	start := uint32(0)
	if i > 0 {
		start = m.ends[i-1]
	}
	return m.all[start:m.ends[i]]
}

// key is the record's Key, a slice of all.
func (m *memRecord) key() string { return m.text(textKey) }

// record returns a Record equal to the one m was made from.
func (m *memRecord) record() Record {
	r := Record{Version: m.version, LeaseUntil: m.leaseUntil, CreatedAt: m.createdAt, UpdatedAt: m.updatedAt}
	if m.hasAdj {
		r.Adjustment = &Adjustment{BizType: m.bizType, Amount: m.amount, OrderID: m.orderID, RequestTime: m.requestTime}
		r.Adjustment.Meta.Timestamp = m.timestamp
		m.setText(&r, r.Adjustment)
	} else {
		var none Adjustment // receives the empty strings; not returned
		m.setText(&r, &none)
	}
	return r
}

// setText sets r's strings and a's.
func (m *memRecord) setText(r *Record, a *Adjustment) {
	for i, f := range textFields(r, a) {
		*f = m.text(i)
	}
}
