package wallet

import (
	"context"
	"fmt"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go/internal/redact"
)

// State is where an adjustment stands in the idempotency record.
type State string

const (
	// StatePending: the adjustment was recorded and handed to the Wallet, and the
	// outcome is not (yet) known. A Pending record left by a crash is settled
	// by calling Wallet.Adjust again, which must therefore be idempotent.
	StatePending State = "pending"
	// StateApplied: Wallet.Adjust succeeded; the balance moved.
	StateApplied State = "applied"
	// StateRejected: Wallet.Adjust refused with an *Error; the balance did not move.
	StateRejected State = "rejected"
	// StateReversing: a cancel is undoing an applied adjustment (Wallet.Reverse in progress or to be retried).
	StateReversing State = "reversing"
	// StateReversed: a cancel undid the adjustment; its effect is gone, exactly once.
	StateReversed State = "reversed"
	// StateCancelledUnseen: a cancel arrived for an adjustment never received
	// (answered US_0000002). The adjustment is refused if it arrives later.
	StateCancelledUnseen State = "cancelled_unseen"
)

// Record is the idempotency record of one adjustment, keyed by its requestUniqueNo.
type Record struct {
	// Key is the adjustment's requestUniqueNo.
	Key string
	// State is the adjustment's state.
	State State
	// UserName is MultiMarkets' user identifier of the account concerned.
	UserName string
	// Currency is the currency of the account concerned.
	Currency string
	// Adjustment is the request as first received; nil for StateCancelledUnseen.
	Adjustment *Adjustment
	// Answer is the first final answer to the adjustment, replayed to repeats.
	Answer Answer
	// CancelKey is the requestUniqueNo of the first cancel; empty if none came.
	CancelKey    string
	CancelAnswer Answer // final answer to the cancel, replayed to repeated cancels
	// Owner identifies the Handler instance that last took the record.
	Owner string
	// LeaseUntil is, for a Pending or Reversing record, until when Owner may
	// be calling the Wallet for it: another Handler instance does not take
	// the record before then (it answers WALLET_BUSY). Zero when no call is
	// in flight (final records, or an outcome left unknown).
	LeaseUntil time.Time
	// Version counts writes; Update succeeds only on the next version.
	Version   int64
	CreatedAt time.Time // when the record was created (Handler clock)
	UpdatedAt time.Time // when the record was last written; MemoryStore.Prune goes by it
}

// String describes the record with the user name masked (its adjustment as
// Adjustment.String does).
func (r Record) String() string {
	adj := "<nil>"
	if r.Adjustment != nil {
		adj = r.Adjustment.String()
	}
	return fmt.Sprintf("Record{key=%s state=%s version=%d owner=%s leaseUntil=%s user=%s currency=%s answer=%s cancelKey=%s cancelAnswer=%s adjustment=%s}",
		r.Key, r.State, r.Version, r.Owner, r.LeaseUntil.Format(time.RFC3339Nano), redact.Mask(r.UserName), r.Currency,
		r.Answer.Code, r.CancelKey, r.CancelAnswer.Code, adj)
}

// Format prints String under every fmt verb.
func (r Record) Format(f fmt.State, verb rune) { redact.Format(f, verb, r.String()) }

// GoString is String.
func (r Record) GoString() string { return r.String() }

// Store keeps idempotency records durably. The handler calls it under its own
// per-user lock, so implementations need only make Create and Update atomic.
// Implementations must be safe for concurrent use and must keep every Record
// field (Owner and LeaseUntil included, to the millisecond at least).
//
// Several Handler instances may share one Store: a record whose Wallet call is
// in flight carries its Owner's lease (Record.LeaseUntil), and the other
// instances leave it alone until the lease ends. The instances' clocks must
// agree to well within Config.LeaseDuration.
//
// A Store call that fails or panics is answered WALLET_INTERNAL_ERROR (and
// logged); so is a record the Handler cannot have written, such as a
// hand-edited row in a state that needs its Adjustment but has none: the
// Handler leaves it alone until it is repaired.
type Store interface {
	// Get returns the record stored under exactly key (byte for byte: not
	// a case-insensitive or trimmed match, which the Handler refuses as
	// inconsistent), or found == false if there is none.
	Get(ctx context.Context, key string) (rec Record, found bool, err error)
	// Create stores rec (whose Version is 1) if no record for rec.Key exists;
	// created == false (and no error) if one does.
	Create(ctx context.Context, rec Record) (created bool, err error)
	// Update replaces the record for rec.Key if the stored Version is
	// rec.Version-1; updated == false (and no error) if it is not.
	Update(ctx context.Context, rec Record) (updated bool, err error)
}
