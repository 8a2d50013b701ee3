package push_test

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// rawPongServer is a minimal hand-written WebSocket server that answers
// every client frame with a pong control frame (opcode 0xA), the third way
// to read the docs' "pong binary message of the websocket pong protocol".
// pushtest cannot send unsolicited pong control frames, hence this server.
func rawPongServer(t *testing.T) *httptest.Server { return rawServer(t, false) }

// rawServer is rawPongServer; with ignoreClose it neither answers a close
// frame nor closes the connection, like a hung peer.
func rawServer(t *testing.T, ignoreClose bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
			base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n")
		_ = rw.Flush()
		br := bufio.NewReader(rw)
		for {
			// Read one masked client frame (payloads here are < 126 bytes).
			hdr := make([]byte, 2)
			if _, err := io.ReadFull(br, hdr); err != nil {
				return
			}
			n := int(hdr[1] & 0x7f)
			body := make([]byte, 4+n)
			if _, err := io.ReadFull(br, body); err != nil {
				return
			}
			if hdr[0]&0x0f == 0x8 { // close
				if ignoreClose {
					continue
				}
				return
			}
			_, _ = rw.Write([]byte{0x8A, 4, 'p', 'o', 'n', 'g'})
			if rw.Flush() != nil {
				return
			}
		}
	}))
}

func TestPongControlFrameKeepsConnectionAlive(t *testing.T) {
	srv := rawPongServer(t)
	defer srv.Close()
	r := start(t, fastOpts(srv.URL+"/openapi-b", "g"), newCollector().handle)
	require.Eventually(t, func() bool { return r.sub.Stats().Pongs >= 3 }, hang, poll)
	st := r.sub.Stats()
	require.Equal(t, int64(1), st.Connects, "control-frame pongs count as heartbeat answers")
	assert.Positive(t, st.Pongs)
	assert.Zero(t, st.Received)
}

// Stopping sends a normal close frame; a peer that never answers it does
// not hold Run (the wait for its answer is bounded; how long it takes is
// not measured here, it depends on the machine).
func TestShutdownSendsNormalClose(t *testing.T) {
	srv := pushtest.NewServer(pushtest.Options{})
	defer srv.Close()
	r := start(t, fastOpts(srv.BaseURL, "g"), newCollector().handle)
	// A pong: the handshake is complete (cancelling it mid-way cuts it).
	require.Eventually(t, func() bool { return r.sub.Stats().Pongs > 0 }, hang, poll)
	require.ErrorIs(t, r.stop(t), context.Canceled)
	require.Eventually(t, func() bool { return srv.Stats().NormalCloses == 1 }, hang, poll)

	hung := rawServer(t, true)
	defer hung.Close()
	r = start(t, fastOpts(hung.URL+"/openapi-b", "g"), newCollector().handle)
	require.Eventually(t, func() bool { return r.sub.Stats().Pongs > 0 }, hang, poll)
	require.ErrorIs(t, r.stop(t), context.Canceled)
}
