// Package push subscribes to the MultiMarkets data push: the WebSocket
// stream of every business event of the white label (registrations,
// customer and KYC updates, accounts, balances and their journal,
// positions, deals, deposits, adjustments, withdrawals).
//
//	sub, err := push.New(push.Options{
//		BaseURL: "https://api.multimarkets.org/openapi-b",
//		Token:   client, // anything with Token(ctx) (string, error)
//		Group:   "billing-1",
//	}, func(ctx context.Context, ev *push.Event) error {
//		switch p := ev.Payload.(type) {
//		case *push.Register:
//			return store.UpsertCustomer(ctx, p.CustomerNo, p.ID)
//		case *push.SubjectUpdate:
//			return store.SetBalance(ctx, p.AccountID, p.Amount.Scaled(int(p.Digits)))
//		}
//		return nil // unknown types: ev.Type, ev.Data
//	})
//	err = sub.Run(ctx) // blocks; reconnects by itself
//
// # Protocol
//
// The subscriber connects to {BaseURL}/ws with the headers token, group and
// (optionally) companyId, sends the text "ping" on connecting and every
// 10 s and treats a pong control frame, a binary "pong" or a text "pong" as
// the answer — the docs' wording allows all three. Any inbound frame counts as a sign of life; a
// connection silent for PongTimeout (35 s by default) is replaced. After
// every drop it reconnects with exponential backoff and full jitter. A
// handshake rejected with HTTP 401/403 or a gateway code GGATEWAY_CODE_005/017
// (and a close reason naming them) makes it ask the TokenSource for a new
// token (Refresher.Refresh if implemented).
//
// # Delivery guarantees
//
// Messages carry no event ID, sequence number or acknowledgement, and the
// server re-sends what a group missed (kept 168 h). Therefore:
//   - every message is delivered, also unknown event types and messages that
//     are not valid JSON (with Event.Err set and the bytes in Event.Raw);
//   - re-sent messages are suppressed when their event type and data are
//     byte-for-byte identical (after removing whitespace) to one of the last
//     DedupWindow messages; different versions of a record are never merged,
//     so de-duplication can never lose an update. Handlers should still be
//     idempotent (use updateTime/version), because a restart or a re-send
//     older than the window is delivered again;
//   - events with the same ordering key (by default the customer number, else
//     the account ID) are handled one at a time in arrival order, events
//     with different keys concurrently on Options.Workers goroutines;
//   - a slow handler fills a bounded queue, after which the subscriber stops
//     reading from the socket (TCP backpressure) — it never drops an event
//     and does not mistake its own pause for a dead connection;
//   - memory is bounded: at most Options.MaxBufferedBytes (64 MiB) of
//     events wait for handlers, whatever the count;
//   - a handler error or panic stops Run with a *HandlerError (the server cannot be
//     asked for the event again); no later event is handed to the handler,
//     and the unhandled ones come back in HandlerError.Pending in arrival
//     order;
//   - stopping by ctx stops reading at once and then hands every event
//     already read to the handlers (a slow handler therefore delays Run's
//     return; Options.DrainTimeout bounds the drain, and what it cuts off
//     is counted in Stats.Abandoned and lost unless the server re-sends it).
//
// # Groups
//
// Two connections with the same group kick each other out. The docs do not
// say which one or how, so the subscriber returns a *GroupConflictError
// instead of fighting when the server closes with a reason containing
// "kick", or when the server, with a normal close (code 1000), closes
// KickThreshold (3) sessions in a row within KickWindow (10 s) of
// connecting although each had proved healthy (the subscriber pings on
// connecting, so a pong arrives at once). Server error closes (1001, 1008
// without a kick reason, 1011, …) and connections that drop without a close
// frame are ordinary failures: the subscriber reconnects, and they never
// count.
//
// # Redirects
//
// The handshake never follows an HTTP redirect, to any host: the token and
// group headers would go with it. A redirect fails the attempt (reported to
// Options.OnError with the status and the target host) and is retried with
// backoff.
//
// # Types
//
// Identifiers arrive as strings or numbers and decode into
// multimarkets.FlexString (text).
// Money, prices and quantities decode into multimarkets.Decimal, the SDK's
// exact decimal, from a JSON number or string; no amount ever passes through
// float64, and each keeps the decimal places it was sent with. Many amounts
// are scaled integers: each field's comment names its digits field, and
// Decimal.Scaled shifts without rounding. Times
// (createTime, …) decode into multimarkets.MilliTime, in UTC. Plain integers
// (digits, versions, revisions) decode into multimarkets.FlexInt64. Codes are
// typed constants that decode from numbers or numeric strings and keep
// undocumented values: the lists the REST API shares are the root
// package's (multimarkets.TradeType, OrderType, OrderStatus, …), the
// push-only lists are this package's (SubjectType, PaymentStatus, …) and
// decode with FlexInt64's rules.
//
// # Several processes
//
// With Options.State (package push/pushsql: SQLite or PostgreSQL), the
// processes that consume one group share what they must remember: the IDs
// of the events handled, so that a restart or a takeover does not hand the
// server's replay to the handler again, and the group's lease, so that
// exactly one of them is connected while the others wait as standbys. When
// the leader dies, a standby connects within 4/3 of Options.LeaseTTL (20 s
// by default) plus a handshake; when it stops, within LeaseTTL/3. An event
// counts as handled when the handler returned nil: events the leader read
// but had not handled when it died are lost unless the server re-sends them,
// and one it handled but had not yet recorded is handed over once more.
//
// Package pushtest provides a fake push server for tests.
package push
