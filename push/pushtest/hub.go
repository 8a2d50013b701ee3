// Package pushtest is an in-memory MultiMarkets data-push server for tests:
// it speaks the push protocol of package push over a real WebSocket, keeps a
// replay buffer per group, enforces the one-connection-per-group rule and
// can inject the faults a real network and server produce (dropped
// connections, silent heartbeats, re-sent events, unknown event types,
// malformed messages, expired tokens).
//
// Typical use:
//
//	srv := pushtest.NewServer(pushtest.Options{})
//	defer srv.Close()
//	srv.EnsureGroup("billing")                // start the group's replay point now
//	sub, _ := push.New(push.Options{BaseURL: srv.BaseURL, Token: push.StaticToken("t"), Group: "billing"}, handle)
//	go sub.Run(ctx)
//	srv.PublishRegistration(pushtest.Registration{CustomerID: 80, CustomerNo: "86000080", AccountID: 1001394})
//
// A Hub is an http.Handler, so it can also be mounted inside a larger fake
// (for example at "/openapi-b/ws" of a fake Manager API server).
package pushtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
)

// PongMode selects how the Hub answers the client's "ping" text message.
// The docs describe the answer as "the pong binary message of the websocket
// pong protocol", which can be read three ways; a client should accept all.
type PongMode int32

// Heartbeat answer modes.
const (
	PongBinary PongMode = iota // a binary message "pong" (default)
	PongText                   // a text message "pong"
	PongNone                   // no answer at all: simulates a half-dead connection
)

// Options configures a Hub. The zero value is a working server that accepts
// any non-empty token.
type Options struct {
	// Authorize reports whether a token is valid. nil accepts every
	// non-empty token that was not expired with ExpireToken.
	Authorize func(token string) bool
	// PongMode is the initial heartbeat answer (default PongBinary).
	PongMode PongMode
	// KickReason is the close reason sent to a connection that is kicked
	// out by a newer connection with the same group; the close code is
	// 1000 (normal closure). The real server's code and reason are
	// undocumented: a normal close is what a server ending a superseded
	// session most likely sends, and the default reason "" makes clients
	// rely on timing.
	KickReason string
	// Redeliver makes the Hub re-send to a group's next connection every
	// event it wrote on a connection that then ended, since it cannot know
	// what the client processed; clients de-duplicate. By default (false)
	// the Hub is at most once: an event counts as delivered once it was
	// written to a connection, even if the client never read it. The docs
	// only promise that events produced while a group is offline are sent
	// when it reconnects, so the default is the behaviour to test against;
	// Redeliver models a kinder server.
	Redeliver bool
	// RejectInBand makes the Hub reject an invalid token after the
	// WebSocket upgrade, closing the connection with code 1008 and reason
	// "GGATEWAY_CODE_017 Login info is expired", instead of answering the
	// handshake with HTTP 401. The docs do not say which the real server
	// does; clients should handle both.
	RejectInBand bool
	// Retention is how many events the replay buffer keeps (default
	// 1,000,000), standing in for the real server's 168 hours.
	Retention int
}

// expiredReason is the close reason for an expired or invalid token.
const expiredReason = "GGATEWAY_CODE_017 Login info is expired"

// Hub is the fake push server. Create it with NewHub; it is safe for
// concurrent use.
type Hub struct {
	opts     Options
	pongMode atomic.Int32
	pings    atomic.Int64
	normal   atomic.Int64 // connections the client closed with 1000

	mu      sync.Mutex
	log     [][]byte // published messages; log[0] has absolute index base
	base    int
	notify  chan struct{}
	groups  map[string]*group
	conns   map[*hubConn]struct{}
	expired map[string]bool
	closed  bool
	kicks   int
	seq     int
}

type group struct {
	cursor int      // absolute index the next connection starts at
	active *hubConn // the group's connection, if any
}

type hubConn struct {
	ws    *websocket.Conn
	group string
	token string
	pos   int // next absolute index to write
}

// NewHub returns a Hub with no events and no groups.
func NewHub(opts Options) *Hub {
	if opts.Retention <= 0 {
		opts.Retention = 1_000_000
	}
	h := &Hub{
		opts:    opts,
		notify:  make(chan struct{}),
		groups:  map[string]*group{},
		conns:   map[*hubConn]struct{}{},
		expired: map[string]bool{},
	}
	h.pongMode.Store(int32(opts.PongMode))
	return h
}

// ServeHTTP serves the push endpoint: it checks the "token" header (HTTP 401
// with gateway code GGATEWAY_CODE_017 when invalid, as the Manager API does
// for expired tokens, or a close frame after the upgrade with
// Options.RejectInBand), upgrades to WebSocket, kicks out an older connection
// of the same "group", replays what the group missed and then streams every
// published event, answering "ping" as PongMode says. A connection without a
// group header gets a private group that starts at the current point.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("token")
	if !h.validToken(tok) && h.opts.RejectInBand {
		ws, err := websocket.Accept(w, r, nil)
		if err == nil {
			ws.Close(websocket.StatusPolicyViolation, expiredReason)
		}
		return
	}
	if !h.validToken(tok) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"code":"GGATEWAY_CODE_017","msg":"Login info is expired","ok":false,"fail":true,"data":null}`))
		return
	}
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	c := &hubConn{ws: ws, token: tok, group: r.Header.Get("group")}

	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		cancel()
		ws.Close(websocket.StatusGoingAway, "server closed")
		return
	}
	if c.group == "" {
		h.seq++
		c.group = fmt.Sprintf("\x00anonymous-%d", h.seq)
	}
	g := h.groupLocked(c.group)
	if old := g.active; old != nil {
		h.kicks++
		go old.ws.Close(websocket.StatusNormalClosure, h.opts.KickReason)
	}
	g.active = c
	h.wakeLocked() // the old connection's writer stops
	c.pos = g.cursor
	h.conns[c] = struct{}{}
	h.mu.Unlock()

	done := make(chan struct{})
	go func() {
		defer close(done)
		h.write(ctx, c)
	}()
	h.read(ctx, c)
	cancel()
	ws.CloseNow()
	<-done

	h.mu.Lock()
	delete(h.conns, c)
	if g := h.groups[c.group]; g.active == c {
		g.active = nil
		if !h.opts.Redeliver {
			g.cursor = c.pos
		}
	}
	h.mu.Unlock()
}

func (h *Hub) validToken(tok string) bool {
	if tok == "" {
		return false
	}
	h.mu.Lock()
	exp := h.expired[tok]
	h.mu.Unlock()
	if exp {
		return false
	}
	if h.opts.Authorize != nil {
		return h.opts.Authorize(tok)
	}
	return true
}

func (h *Hub) groupLocked(name string) *group {
	g := h.groups[name]
	if g == nil {
		g = &group{cursor: h.base + len(h.log)}
		h.groups[name] = g
	}
	return g
}

// read answers pings until the connection ends.
func (h *Hub) read(ctx context.Context, c *hubConn) {
	for {
		_, msg, err := c.ws.Read(ctx)
		if err != nil {
			if websocket.CloseStatus(err) == websocket.StatusNormalClosure {
				h.normal.Add(1)
			}
			return
		}
		if !bytes.Equal(bytes.TrimSpace(msg), []byte("ping")) {
			continue
		}
		h.pings.Add(1)
		switch PongMode(h.pongMode.Load()) {
		case PongBinary:
			err = c.ws.Write(ctx, websocket.MessageBinary, []byte("pong"))
		case PongText:
			err = c.ws.Write(ctx, websocket.MessageText, []byte("pong"))
		}
		if err != nil {
			return
		}
	}
}

// write streams the group's events from c.pos while c is the group's
// active connection.
func (h *Hub) write(ctx context.Context, c *hubConn) {
	for {
		h.mu.Lock()
		g := h.groups[c.group]
		if g.active != c || h.closed {
			h.mu.Unlock()
			return
		}
		if c.pos < h.base {
			c.pos = h.base // older events expired
		}
		if c.pos < h.base+len(h.log) {
			msg := h.log[c.pos-h.base]
			h.mu.Unlock()
			if c.ws.Write(ctx, websocket.MessageText, msg) != nil {
				return
			}
			h.mu.Lock()
			c.pos++
			if !h.opts.Redeliver && g.active == c {
				g.cursor = c.pos
			}
			h.mu.Unlock()
			continue
		}
		ch := h.notify
		h.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// Publish appends {"data": data, "eventType": eventType} to the replay
// buffer and streams it to every connected group; groups that are offline
// get it when they reconnect. data is encoded with encoding/json (use
// json.RawMessage for exact bytes). Any eventType is accepted, including
// undocumented ones.
func (h *Hub) Publish(eventType string, data any) error {
	b, err := json.Marshal(struct {
		Data      any    `json:"data"`
		EventType string `json:"eventType"`
	}{data, eventType})
	if err != nil {
		return err
	}
	h.PublishRaw(b)
	return nil
}

// PublishRaw appends msg exactly as given (it need not be JSON) and streams
// it like Publish. msg is copied.
func (h *Hub) PublishRaw(msg []byte) {
	m := append([]byte(nil), msg...)
	h.mu.Lock()
	h.log = append(h.log, m)
	if over := len(h.log) - h.opts.Retention; over > 0 {
		h.log = append([][]byte(nil), h.log[over:]...)
		h.base += over
	}
	h.wakeLocked()
	h.mu.Unlock()
}

// wakeLocked wakes every writer; h.mu must be held.
func (h *Hub) wakeLocked() {
	close(h.notify)
	h.notify = make(chan struct{})
}

// EnsureGroup makes the Hub know group, starting its replay point now if it
// is new. Events published afterwards reach the group even if it connects
// later. (A group first seen on connection starts at that moment, as the
// docs say.)
func (h *Hub) EnsureGroup(group string) {
	h.mu.Lock()
	h.groupLocked(group)
	h.mu.Unlock()
}

// Drop abruptly closes every connection (no close frame), as a network
// failure or server restart would. Clients are expected to reconnect.
func (h *Hub) Drop() {
	h.mu.Lock()
	conns := make([]*hubConn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.ws.CloseNow()
	}
}

// CloseAll closes every connection with a close frame of the given code and
// reason, as a server closes sessions on an error (1011), a restart (1001)
// or a policy violation (1008). Clients are expected to reconnect.
func (h *Hub) CloseAll(code websocket.StatusCode, reason string) {
	h.mu.Lock()
	conns := make([]*hubConn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		go c.ws.Close(code, reason)
	}
}

// SetPongMode changes how pings are answered from now on; PongNone makes
// the connection look alive at TCP level but silent, which clients must
// detect with a pong deadline.
func (h *Hub) SetPongMode(m PongMode) { h.pongMode.Store(int32(m)) }

// Resend re-sends the last n events that the group's connection was sent
// (or, if it is offline, moves its replay point back by n), as the real
// server does when it replays after an interruption.
func (h *Hub) Resend(group string, n int) {
	h.mu.Lock()
	if g := h.groups[group]; g != nil {
		if c := g.active; c != nil {
			c.pos = max(h.base, c.pos-n)
		} else {
			g.cursor = max(h.base, g.cursor-n)
		}
	}
	h.wakeLocked()
	h.mu.Unlock()
}

// ExpireToken makes tok invalid from now on and closes the connections that
// use it with close code 1008 and reason "GGATEWAY_CODE_017 Login info is
// expired"; their reconnect attempts with tok get HTTP 401.
func (h *Hub) ExpireToken(tok string) {
	h.mu.Lock()
	h.expired[tok] = true
	var victims []*hubConn
	for c := range h.conns {
		if c.token == tok {
			victims = append(victims, c)
		}
	}
	h.mu.Unlock()
	for _, c := range victims {
		go c.ws.Close(websocket.StatusPolicyViolation, expiredReason)
	}
}

// Stats is a snapshot of the Hub's counters.
type Stats struct {
	Connections int // open connections
	Published   int // events published since the Hub was created
	Pings       int // "ping" messages received
	Kicks       int // connections kicked out by a newer one with the same group
	// NormalCloses counts connections the client ended with a close frame
	// with status 1000 (normal closure).
	NormalCloses int
}

// Stats returns a snapshot of the Hub's counters.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Stats{Connections: len(h.conns), Published: h.base + len(h.log), Pings: int(h.pings.Load()), Kicks: h.kicks,
		NormalCloses: int(h.normal.Load())}
}

// Connected reports whether group has an open connection.
func (h *Hub) Connected(group string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	g := h.groups[group]
	return g != nil && g.active != nil
}

// Close disconnects every client and rejects new connections. It does not
// wait for handlers of an enclosing http.Server.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	h.wakeLocked()
	h.mu.Unlock()
	h.Drop()
}
