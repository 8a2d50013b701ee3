package push

import (
	"context"
	"sync"
	"time"
)

// State is where Subscribers keep what must outlive a process and be shared
// by the processes of one group (Options.State):
//
//   - the IDs of the events handled, so that after a restart, or on another
//     machine of the group, the server's replay is not handed to the handler
//     again (the de-duplication window);
//   - the group's lease, so that of several Subscribers configured with the
//     same group exactly one is connected (two connections with one group
//     kick each other).
//
// MemoryState keeps them in process memory; package push/pushsql keeps them
// in SQLite or PostgreSQL. Implementations must be safe for concurrent use.
type State interface {
	// Seen reports whether MarkHandled recorded id for group (and the store
	// still remembers it).
	Seen(ctx context.Context, group string, id EventID) (bool, error)
	// MarkHandled records that the event id of group was handled. Recording
	// an id twice is not an error.
	MarkHandled(ctx context.Context, group string, id EventID) error
	// AcquireLease gives holder the lease of group until now+ttl if nobody
	// holds it, its holder's lease ended (its end is not after now), or
	// holder holds it already (a renewal). It reports whether holder holds
	// the lease afterwards; false, nil means another holder has it.
	AcquireLease(ctx context.Context, group, holder string, now time.Time, ttl time.Duration) (bool, error)
	// ReleaseLease ends holder's lease of group at once; nothing happens if
	// holder does not hold it.
	ReleaseLease(ctx context.Context, group, holder string) error
}

// MemoryState is a State in process memory: Subscribers of one process that
// share it take turns on their group, and a Subscriber restarted within the
// process does not get the events it handled again. Nothing survives the
// process; use package push/pushsql for that.
type MemoryState struct {
	window int

	mu     sync.Mutex
	groups map[string]*memGroup
}

type memGroup struct {
	seen        map[EventID]struct{}
	ring        []EventID
	next        int
	holder      string
	leaseEndsAt time.Time
}

// NewMemoryState returns an empty MemoryState that remembers the last window
// handled event IDs per group (100,000 if window <= 0, about 6 MB).
func NewMemoryState(window int) *MemoryState {
	if window <= 0 {
		window = 100_000
	}
	return &MemoryState{window: window, groups: map[string]*memGroup{}}
}

func (m *MemoryState) group(name string) *memGroup {
	g := m.groups[name]
	if g == nil {
		g = &memGroup{seen: map[EventID]struct{}{}}
		m.groups[name] = g
	}
	return g
}

// Seen reports whether id was marked handled for group and is still in the window.
func (m *MemoryState) Seen(_ context.Context, group string, id EventID) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.group(group).seen[id]
	return ok, nil
}

// MarkHandled records id for group, forgetting the oldest beyond the window.
func (m *MemoryState) MarkHandled(_ context.Context, group string, id EventID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.group(group)
	if _, ok := g.seen[id]; ok {
		return nil
	}
	if len(g.ring) < m.window {
		g.ring = append(g.ring, id)
	} else {
		delete(g.seen, g.ring[g.next])
		g.ring[g.next] = id
		g.next = (g.next + 1) % len(g.ring)
	}
	g.seen[id] = struct{}{}
	return nil
}

// AcquireLease takes or renews group's lease for holder (see State).
func (m *MemoryState) AcquireLease(_ context.Context, group, holder string, now time.Time, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.group(group)
	if g.holder != "" && g.holder != holder && g.leaseEndsAt.After(now) {
		return false, nil
	}
	g.holder, g.leaseEndsAt = holder, now.Add(ttl)
	return true, nil
}

// ReleaseLease ends holder's lease of group.
func (m *MemoryState) ReleaseLease(_ context.Context, group, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if g := m.groups[group]; g != nil && g.holder == holder {
		g.holder, g.leaseEndsAt = "", time.Time{}
	}
	return nil
}

var _ State = (*MemoryState)(nil)
