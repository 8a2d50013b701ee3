package push_test

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawPongServer is a minimal hand-written WebSocket server that answers
// every client frame with a pong control frame (opcode 0xA), the third way
// to read the docs' "pong binary message of the websocket pong protocol".
// pushtest cannot send unsolicited pong control frames, hence this server.
func rawPongServer(t *testing.T) *httptest.Server {
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
	opts := fastOpts(srv.URL+"/openapi-b", "g")
	opts.PongTimeout = 400 * time.Millisecond
	r := start(t, opts, newCollector().handle)
	time.Sleep(1200 * time.Millisecond) // three pong timeouts
	st := r.sub.Stats()
	require.Equal(t, int64(1), st.Connects, "control-frame pongs count as heartbeat answers")
	assert.Positive(t, st.Pongs)
	assert.Zero(t, st.Received)
}
