package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// proc is one running copy of the example: the event numbers it printed,
// and whether it said it connected.
type proc struct {
	cmd       *exec.Cmd
	mu        sync.Mutex
	got       map[int]bool
	connected chan struct{}
}

var numbered = regexp.MustCompile(`test\.numbered .* id (\d+) `)

func startCopy(t *testing.T, bin, state string, env []string) *proc {
	t.Helper()
	p := &proc{got: map[int]bool{}, connected: make(chan struct{})}
	p.cmd = exec.Command(bin, "-state", state)
	p.cmd.Env = env
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	stderr, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := numbered.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				p.mu.Lock()
				p.got[n] = true
				p.mu.Unlock()
			}
		}
	}()
	go func() {
		var once sync.Once
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "connected:") {
				once.Do(func() { close(p.connected) })
			}
			if testing.Verbose() {
				fmt.Fprintln(os.Stderr, sc.Text())
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		_, _ = p.cmd.Process.Wait()
	})
	return p
}

func (p *proc) numbers() map[int]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[int]bool, len(p.got))
	for k := range p.got {
		out[k] = true
	}
	return out
}

// TestTwoCopiesFailoverOnPostgres runs two copies of the example with one
// -state PostgreSQL database and one group against the fake server: one
// connects, the other waits; the first is killed with SIGKILL while events
// keep coming, and the second takes over within the documented bound (4/3
// of the default 15 s LeaseTTL plus a handshake). No event is printed by
// both, and every event published after the kill is printed.
func TestTwoCopiesFailoverOnPostgres(t *testing.T) {
	state := pgtest.Schema(t) // skips without MM_TEST_POSTGRES_URL
	bin := filepath.Join(t.TempDir(), "push")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	srv := mmtest.NewServer()
	defer srv.Close()
	srv.Push().EnsureGroup("failover")
	env := append(os.Environ(), "MM_BASE_URL="+srv.URL, "MM_COMPANY_ID="+srv.CompanyID,
		"MM_APP_ID="+srv.AppID, "MM_APP_SECRET="+srv.AppSecret, "MM_GROUP=failover", "MM_TOKEN=")

	a := startCopy(t, bin, state, env)
	select {
	case <-a.connected:
	case <-time.After(2 * time.Minute):
		t.Fatal("the first copy never connected")
	}
	b := startCopy(t, bin, state, env)

	var published atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for i := 1; ctx.Err() == nil; i++ {
			if err := srv.Push().Publish("test.numbered", map[string]any{"id": i}); err != nil {
				return
			}
			published.Store(int64(i))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	require.Eventually(t, func() bool { return len(a.numbers()) >= 20 }, 2*time.Minute, 5*time.Millisecond)

	require.NoError(t, a.cmd.Process.Signal(syscall.SIGKILL))
	_, _ = a.cmd.Process.Wait()
	killed := time.Now()
	afterKill := int(published.Load()) + 1 // published once A was gone: B must print these
	select {
	case <-b.connected:
	case <-time.After(2 * time.Minute):
		t.Fatal("the standby never took over")
	}
	t.Logf("the standby connected %v after the kill (bound: 20 s plus a handshake)", time.Since(killed))

	require.Eventually(t, func() bool { return len(b.numbers()) >= 20 }, 2*time.Minute, 5*time.Millisecond)
	cancel()
	<-stopped
	last := int(published.Load())
	// Events of different keys are printed concurrently, so in any order:
	// wait for all of those published after the kill.
	require.Eventually(t, func() bool {
		nb := b.numbers()
		for n := afterKill; n <= last; n++ {
			if !nb[n] {
				return false
			}
		}
		return true
	}, 2*time.Minute, 5*time.Millisecond, "every event published after the kill is printed by the standby")

	na, nb := a.numbers(), b.numbers()
	for n := range na {
		assert.False(t, nb[n], "event %d printed by both copies", n)
	}
	assert.Zero(t, srv.Push().Stats().Kicks, "never two connections of the group at once")
	t.Logf("first copy printed %d events, the standby %d; %d published", len(na), len(nb), last)
}
