package push

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
)

// dedupKey identifies an event's content: the first 128 bits of
// SHA-256(eventType, 0, compact(data)). data contains data.id, so the key
// covers event type, record ID and every field value.
type dedupKey [16]byte

// dedup remembers the keys of the last n events (FIFO window). It is used
// by the single reader goroutine only and needs no locking.
type dedup struct {
	seen map[dedupKey]struct{}
	ring []dedupKey
	next int
	buf  bytes.Buffer
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

// add records k and reports whether it was already in the window.
func (d *dedup) add(k dedupKey) (dup bool) {
	if _, ok := d.seen[k]; ok {
		return true
	}
	if len(d.ring) < cap(d.ring) {
		d.ring = append(d.ring, k)
	} else {
		delete(d.seen, d.ring[d.next])
		d.ring[d.next] = k
		d.next = (d.next + 1) % len(d.ring)
	}
	d.seen[k] = struct{}{}
	return false
}
