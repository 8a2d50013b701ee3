package pushtest

import (
	"net/http"
	"net/http/httptest"
)

// Path is where Server mounts the Hub, matching the real endpoint
// "{base}/ws" with base "…/openapi-b".
const Path = "/openapi-b/ws"

// Server is a Hub served by an httptest.Server on a local port.
type Server struct {
	*Hub
	// HTTP is the underlying test server.
	HTTP *httptest.Server
	// BaseURL is the Manager API base URL to give to push.Options.BaseURL,
	// e.g. "http://127.0.0.1:41234/openapi-b".
	BaseURL string
}

// NewServer starts a Hub with opts on a local port, mounted at Path.
// Call Close when done.
func NewServer(opts Options) *Server {
	h := NewHub(opts)
	mux := http.NewServeMux()
	mux.Handle(Path, h)
	ts := httptest.NewServer(mux)
	return &Server{Hub: h, HTTP: ts, BaseURL: ts.URL + "/openapi-b"}
}

// Close disconnects all clients and stops the server.
func (s *Server) Close() {
	s.Hub.Close()
	s.HTTP.Close()
}
