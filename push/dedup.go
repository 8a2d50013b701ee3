package push

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
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
	h    hash.Hash // SHA-256, reused

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

// key computes the identity of an event: SHA-256(t, 0, data without
// insignificant whitespace), or SHA-256(1, raw) for a message without data.
// data must be valid JSON (Event.Data always is); key order is not
// normalized. The whitespace is skipped while hashing, in one pass, without
// a compacted copy.
func (d *dedup) key(t EventType, data, raw []byte) dedupKey {
	return d.keyOf(t, data, raw, false)
}

// keyOf is key; compact says that data has no whitespace between tokens
// (Event.compact), so that it is hashed as it is.
func (d *dedup) keyOf(t EventType, data, raw []byte, compact bool) dedupKey {
	if d.h == nil {
		d.h = sha256.New()
	}
	h := d.h
	h.Reset()
	if data == nil {
		h.Write([]byte{1})
		h.Write(raw)
	} else {
		h.Write([]byte(t))
		h.Write([]byte{0})
		if compact {
			h.Write(data)
		} else {
			writeCompact(h, data)
		}
	}
	var sum [sha256.Size]byte
	var k dedupKey
	copy(k[:], h.Sum(sum[:0]))
	return k
}

// writeCompact writes the JSON value data to h without the whitespace
// outside strings: the bytes json.Compact would produce.
func writeCompact(h hash.Hash, data []byte) {
	start, inString := 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			if start < i {
				h.Write(data[start:i])
			}
			start = i + 1
		}
	}
	if start < len(data) {
		h.Write(data[start:])
	}
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
