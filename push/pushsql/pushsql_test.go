package pushsql_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"
	"github.com/multimarkets-sdk/multimarkets-go/push"
	"github.com/multimarkets-sdk/multimarkets-go/push/pushsql"
)

// A backend makes a fresh State for a test; each call of the function it
// returns gives another State on the same storage (another process).
type backend struct {
	name     string
	newState func(t *testing.T) func() push.State
}

var backends = []backend{
	{"memory", func(t *testing.T) func() push.State {
		m := push.NewMemoryState(0)
		return func() push.State { return m }
	}},
	{"sqlite", func(t *testing.T) func() push.State {
		path := filepath.Join(t.TempDir(), "push.db")
		return func() push.State {
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return migrated(t, db)
		}
	}},
	{"postgres", func(t *testing.T) func() push.State {
		u := pgtest.Schema(t) // skips without MM_TEST_POSTGRES_URL
		return func() push.State {
			db, err := sql.Open("pgx", u)
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return migrated(t, db)
		}
	}},
}

func migrated(t *testing.T, db *sql.DB) *pushsql.State {
	t.Helper()
	s, err := pushsql.New(db)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(context.Background()))
	return s
}

// forEach runs f as a parallel subtest per backend.
func forEach(t *testing.T, f func(t *testing.T, newState func() push.State)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			f(t, b.newState(t))
		})
	}
}

func id(s string) push.EventID {
	var e push.EventID
	sum := sha256.Sum256([]byte(s))
	copy(e[:], sum[:])
	return e
}

// TestStateContract: the State contract on every implementation.
func TestStateContract(t *testing.T) {
	t.Parallel()
	forEach(t, func(t *testing.T, newState func() push.State) {
		ctx := context.Background()
		s, other := newState(), newState()

		seen, err := s.Seen(ctx, "g", id("a"))
		require.NoError(t, err)
		assert.False(t, seen)
		require.NoError(t, s.MarkHandled(ctx, "g", id("a")))
		require.NoError(t, s.MarkHandled(ctx, "g", id("a")), "marking twice is not an error")
		for _, tc := range []struct {
			st    push.State
			group string
			id    push.EventID
			want  bool
		}{
			{s, "g", id("a"), true},
			{other, "g", id("a"), true}, // another process sees it
			{s, "h", id("a"), false},    // groups are apart
			{s, "g", id("b"), false},
		} {
			got, err := tc.st.Seen(ctx, tc.group, tc.id)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got, "%s %s", tc.group, tc.id)
		}

		t0 := time.UnixMilli(time.Now().UnixMilli())
		ttl := 10 * time.Second
		steps := []struct {
			st     push.State
			holder string
			at     time.Duration
			want   bool
		}{
			{s, "A", 0, true},                     // free: A takes it
			{other, "B", time.Second, false},      // A holds it
			{s, "A", 2 * time.Second, true},       // A renews: until t0+12s
			{other, "B", 11 * time.Second, false}, // still A's
			{other, "B", 12 * time.Second, true},  // ended: B takes over
			{s, "A", 13 * time.Second, false},     // A lost it
		}
		for i, st := range steps {
			ok, err := st.st.AcquireLease(ctx, "g", st.holder, t0.Add(st.at), ttl)
			require.NoError(t, err)
			assert.Equal(t, st.want, ok, "step %d: %s at +%v", i, st.holder, st.at)
		}
		ok, err := s.AcquireLease(ctx, "h", "A", t0, ttl)
		require.NoError(t, err)
		assert.True(t, ok, "another group's lease is free")

		require.NoError(t, s.ReleaseLease(ctx, "g", "A"), "releasing a lease one does not hold does nothing")
		ok, err = s.AcquireLease(ctx, "g", "A", t0.Add(13*time.Second), ttl)
		require.NoError(t, err)
		assert.False(t, ok, "still B's")
		require.NoError(t, other.ReleaseLease(ctx, "g", "B"))
		ok, err = s.AcquireLease(ctx, "g", "A", t0.Add(13*time.Second), ttl)
		require.NoError(t, err)
		assert.True(t, ok, "released: A takes it at once")

		// Many processes at once for a free lease: exactly one wins.
		states := make([]push.State, 8)
		for i := range states {
			states[i] = newState()
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i, st := range states {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := st.AcquireLease(ctx, "race", fmt.Sprintf("h%d", i), t0, ttl)
				assert.NoError(t, err)
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, 1, wins)
	})
}

// TestOptionsAndRetention: New's checks, and Prune forgets handled IDs older
// than the retention.
func TestOptionsAndRetention(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "r.db"))
	require.NoError(t, err)
	defer db.Close()
	for _, tc := range []struct {
		name string
		db   *sql.DB
		opts []pushsql.Option
	}{
		{"nil db", nil, nil},
		{"bad prefix", db, []pushsql.Option{pushsql.WithTablePrefix("x; DROP TABLE y")}},
		{"bad retention", db, []pushsql.Option{pushsql.WithRetention(-time.Second)}},
		{"mysql", db, []pushsql.Option{pushsql.WithDialect("mysql")}},
	} {
		_, err := pushsql.New(tc.db, tc.opts...)
		assert.Error(t, err, tc.name)
	}
	wrong, err := pushsql.New(db, pushsql.WithDialect(pushsql.PostgreSQL), pushsql.WithTablePrefix("wrong_"))
	require.NoError(t, err)
	assert.ErrorContains(t, wrong.Migrate(context.Background()), "does not accept the postgres dialect")

	ctx := context.Background()
	s, err := pushsql.New(db, pushsql.WithRetention(time.Millisecond))
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, s.Migrate(ctx), "Migrate is idempotent")
	require.NoError(t, s.MarkHandled(ctx, "g", id("old")))
	require.Eventually(t, func() bool { // MarkHandled may have pruned it already
		_, err := s.Prune(ctx)
		require.NoError(t, err)
		seen, err := s.Seen(ctx, "g", id("old"))
		require.NoError(t, err)
		return !seen
	}, time.Minute, 5*time.Millisecond)
}
