package push

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// EventID identifies an event's content for de-duplication: the first 128
// bits of SHA-256(eventType, 0, compact(data)). data contains data.id, so
// the ID covers event type, record ID and every field value: two versions
// of a record have different IDs, a re-sent event has the same.
type EventID [16]byte

// String is the ID in lower-case hex (32 characters).
func (id EventID) String() string { return hex.EncodeToString(id[:]) }

// dedupKey is the name the reader uses for an EventID.
type dedupKey = EventID

// dedup remembers the keys of the last n events (FIFO window) and, with a
// State, asks it about keys it does not remember. It is used by the single
// reader goroutine only and needs no locking.
type dedup struct {
	seen map[dedupKey]struct{}
	ring []dedupKey
	next int
	buf  bytes.Buffer

	state  State       // handled events of earlier runs and other processes; nil: none
	group  string      // the group asked about
	report func(error) // where State failures go
}

// stateTimeout bounds one State call made by the reader or a worker.
const stateTimeout = 10 * time.Second

// seenBefore asks the State whether k was handled before; a failure is
// reported and counts as not seen (the event is delivered: at least once).
func (d *dedup) seenBefore(k dedupKey) bool {
	if d.state == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	var seen bool
	err := guard(func() (err error) {
		seen, err = d.state.Seen(ctx, d.group, k)
		return err
	})
	if err != nil {
		d.report(fmt.Errorf("push: state: looking up a handled event: %w", err))
		return false
	}
	return seen
}

func newDedup(n int) *dedup {
	if n <= 0 {
		return nil
	}
	return &dedup{seen: make(map[dedupKey]struct{}, n), ring: make([]dedupKey, 0, n)}
}

// key computes the identity of an event. Insignificant whitespace in data is
// ignored; key order is not normalized.
func (d *dedup) key(t EventType, data, raw []byte) dedupKey {
	h := sha256.New()
	if data == nil {
		h.Write([]byte{1})
		h.Write(raw)
	} else {
		h.Write([]byte(t))
		h.Write([]byte{0})
		d.buf.Reset()
		if json.Compact(&d.buf, data) == nil {
			h.Write(d.buf.Bytes())
		} else {
			h.Write(data)
		}
	}
	var sum [sha256.Size]byte
	var k dedupKey
	copy(k[:], h.Sum(sum[:0]))
	return k
}

// add records k and reports whether it was already in the window or, with
// a State, was handled before.
func (d *dedup) add(k dedupKey) (dup bool) {
	if _, ok := d.seen[k]; ok {
		return true
	}
	dup = d.seenBefore(k)
	if len(d.ring) < cap(d.ring) {
		d.ring = append(d.ring, k)
	} else {
		delete(d.seen, d.ring[d.next])
		d.ring[d.next] = k
		d.next = (d.next + 1) % len(d.ring)
	}
	d.seen[k] = struct{}{}
	return dup
}
