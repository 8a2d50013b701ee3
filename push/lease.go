package push

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// minLeaseTTL is the shortest Options.LeaseTTL: shorter would poll the
// State in a tight loop.
const minLeaseTTL = 100 * time.Millisecond

// leaseKeeper holds the group's lease in Options.State for one Run: as a
// standby it tries to take the lease every LeaseTTL/3; as the leader it
// renews it every LeaseTTL/3 and gives up leadership (cancelling the
// leadership context, which ends the session) when it is taken by another
// holder or could not be renewed before 3/4 of LeaseTTL had passed since the
// last renewal began. It keeps renewing while Run drains after a stop, and
// releases the lease when Run returns.
type leaseKeeper struct {
	s      *Subscriber
	parent context.Context // Run's reading context: leadership contexts derive from it
	holder string

	mu      sync.Mutex
	lctx    context.Context // non-nil while leading
	lcancel context.CancelFunc
	changed chan struct{} // closed and replaced when leadership changes

	stopKeeper context.CancelFunc
	done       chan struct{}
}

// newHolderID names this Subscriber's Run in the lease: host, process and a
// random part, at most 96 bytes.
func newHolderID() string {
	host, _ := os.Hostname()
	if len(host) > 64 {
		host = host[:64]
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// startLease starts keeping the lease for a Run whose reading context is
// parent; nil if Options.State is nil (no lease: always leading).
func (s *Subscriber) startLease(parent context.Context) *leaseKeeper {
	if s.opts.State == nil {
		return nil
	}
	kctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	lk := &leaseKeeper{s: s, parent: parent, holder: newHolderID(), changed: make(chan struct{}), stopKeeper: cancel, done: make(chan struct{})}
	go func() {
		defer close(lk.done)
		lk.run(kctx)
	}()
	return lk
}

// wait blocks until this Subscriber leads the group and returns a context
// that ends when leadership ends (or ctx ends). Without a State it returns
// ctx at once.
func (lk *leaseKeeper) wait(ctx context.Context) (context.Context, error) {
	if lk == nil {
		return ctx, ctx.Err()
	}
	for {
		lk.mu.Lock()
		l, ch := lk.lctx, lk.changed
		lk.mu.Unlock()
		if l != nil && l.Err() == nil {
			return l, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// stop ends the keeper and releases the lease, so that a standby can take
// over at its next attempt.
func (lk *leaseKeeper) stop() {
	if lk == nil {
		return
	}
	lk.stopKeeper()
	<-lk.done
	lk.setLeading(false)
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := guard(func() error { return lk.s.opts.State.ReleaseLease(ctx, lk.s.opts.Group, lk.holder) }); err != nil {
		lk.s.report(fmt.Errorf("push: state: releasing the group's lease: %w", err))
	}
}

func (lk *leaseKeeper) setLeading(on bool) {
	lk.mu.Lock()
	defer lk.mu.Unlock()
	if on == (lk.lctx != nil) {
		return
	}
	if on {
		lk.lctx, lk.lcancel = context.WithCancel(lk.parent)
	} else {
		lk.lcancel()
		lk.lctx, lk.lcancel = nil, nil
	}
	close(lk.changed)
	lk.changed = make(chan struct{})
}

// run is the keeper's loop; ctx ends when Run returns.
func (lk *leaseKeeper) run(ctx context.Context) {
	ttl := lk.s.opts.LeaseTTL
	period := ttl / 3
	var validUntil time.Time // while leading: the end of the lease as last granted
	leading := false
	for ctx.Err() == nil {
		if !leading {
			if lk.parent.Err() == nil { // after a stop, a standby does not take over
				start := time.Now()
				ok, err := lk.acquire(ctx, start, start.Add(period))
				if ok {
					leading, validUntil = true, start.Add(ttl)
					lk.setLeading(true)
					continue
				}
				if err != nil {
					lk.s.report(fmt.Errorf("push: state: taking the group's lease: %w", err))
				}
			}
			sleepCtx(ctx, period)
			continue
		}
		// Leading: renew every period; give up a quarter of ttl before the
		// granted end, so that the connection is closed before a standby
		// (whose clock should agree) may take the lease.
		giveUp := validUntil.Add(-ttl / 4)
		sleepCtx(ctx, min(period, time.Until(giveUp)))
		if ctx.Err() != nil {
			return
		}
		start := time.Now()
		if !start.Before(giveUp) {
			lk.s.report(errors.New("push: could not renew the group's lease in time: disconnecting"))
			leading = false
			lk.setLeading(false)
			continue
		}
		ok, err := lk.acquire(ctx, start, giveUp)
		switch {
		case ok:
			validUntil = start.Add(ttl)
		case err == nil:
			lk.s.report(errors.New("push: another process took the group's lease: disconnecting"))
			leading = false
			lk.setLeading(false)
		default:
			lk.s.report(fmt.Errorf("push: state: renewing the group's lease: %w", err))
			sleepCtx(ctx, min(period/4, time.Until(giveUp)))
		}
	}
}

// acquire asks the State for the lease, waiting for the answer until deadline.
func (lk *leaseKeeper) acquire(ctx context.Context, now, deadline time.Time) (bool, error) {
	actx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var ok bool
	err := guard(func() (err error) {
		ok, err = lk.s.opts.State.AcquireLease(actx, lk.s.opts.Group, lk.holder, now, lk.s.opts.LeaseTTL)
		return err
	})
	return ok && err == nil, err
}

// guard runs a call into the State, turning a panic into an error: a
// broken State costs the lease or a de-duplication, never the process.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("push: the State panicked: %v", r)
		}
	}()
	return f()
}

func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// markHandled records a handled event in the State, so that neither a
// restart nor another process of the group hands it over again.
func (s *Subscriber) markHandled(ev *Event) {
	if s.opts.State == nil || !ev.hasID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := guard(func() error { return s.opts.State.MarkHandled(ctx, s.opts.Group, ev.id) }); err != nil {
		s.report(fmt.Errorf("push: state: recording a handled event: %w", err))
	}
}

// requeue hands the events the reader held when leadership ended to the
// workers, unless a handler failed (then they go back in HandlerError.Pending).
func (s *Subscriber) requeue(rn *runState) {
	if rn.failed.Load() != nil {
		return
	}
	for _, ev := range rn.takePending() {
		rn.queues[shard(ev.Key, len(rn.queues))] <- ev
	}
}
