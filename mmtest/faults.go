package mmtest

import (
	"net/http"
	"strconv"
	"time"
)

// Fault changes how the fake answers one request, to test lost answers,
// gateway errors and rate limits. Queue faults with InjectFault; each request
// for the operation takes the next one.
type Fault struct {
	// Before runs before the fake looks at the request. If it returns true
	// it has answered (or dropped the connection) and the fake does not act.
	Before func(w http.ResponseWriter, r *http.Request) bool
	// After runs after the fake acted (the change is made) but before it
	// answers. If it returns true it has answered instead.
	After func(w http.ResponseWriter, r *http.Request) bool
}

// InjectFault queues faults for an operation (bizType or market path); the
// next requests for it take them in order, later ones are served normally.
func (s *Server) InjectFault(operation string, faults ...*Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[operation] = append(s.faults[operation], faults...)
}

func (s *Server) takeFault(op string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[op]
	if len(q) == 0 {
		return nil
	}
	s.faults[op] = q[1:]
	return q[0]
}

// DropBeforeActing closes the connection without answering and without
// acting: the request is lost on its way in.
func DropBeforeActing() *Fault { return &Fault{Before: hangUp} }

// DropAfterActing carries the request out, then closes the connection
// without answering: the answer is lost.
func DropAfterActing() *Fault { return &Fault{After: hangUp} }

// GatewayHTML answers like a proxy in front of the server: the status (e.g.
// 502) with an HTML page, without the request reaching the server.
func GatewayHTML(status int) *Fault {
	return &Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><head><title>" + strconv.Itoa(status) + " Bad Gateway</title></head><body><center><h1>" +
			strconv.Itoa(status) + " Bad Gateway</h1></center><hr><center>nginx</center></body></html>"))
		return true
	}}
}

// GatewayHTMLAfterActing is GatewayHTML after the server acted (a proxy
// that lost the server's answer).
func GatewayHTMLAfterActing(status int) *Fault {
	f := GatewayHTML(status)
	return &Fault{After: f.Before}
}

// EmptyStatus answers the status with an empty body, without acting.
func EmptyStatus(status int) *Fault {
	return &Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(status)
		return true
	}}
}

// TruncatedAfterActing acts, then sends the start of a JSON answer and cuts
// the connection.
func TruncatedAfterActing() *Fault {
	return &Fault{After: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "200")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"msg":"Success","fail":false,"trace":"`))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		hangUp(w, r)
		return true
	}}
}

// DelayAfterActing acts, then waits d before answering (or until the
// client gives up).
func DelayAfterActing(d time.Duration) *Fault {
	return &Fault{After: func(w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
		return false
	}}
}

// RateLimited answers HTTP 429 with GGATEWAY_CODE_018 and the rate-limit
// headers (reset in seconds) without acting, as the gateway does.
func RateLimited(reset int) *Fault {
	return &Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("x-ratelimit-limit", "300")
		w.Header().Set("x-ratelimit-remairing", "0")
		w.Header().Set("x-ratelimit-reset", strconv.Itoa(reset))
		writeJSON(w, http.StatusTooManyRequests, envelope{Code: "GGATEWAY_CODE_018", Msg: messages["GGATEWAY_CODE_018"],
			Fail: true, Trace: r.Header.Get("trace")})
		return true
	}}
}

// Code answers with the documented envelope carrying code, without acting.
func Code(code string) *Fault {
	return &Fault{Before: func(w http.ResponseWriter, r *http.Request) bool {
		writeJSON(w, http.StatusOK, envelope{Code: code, Msg: messages[code], Fail: true, Trace: r.Header.Get("trace")})
		return true
	}}
}

func hangUp(w http.ResponseWriter, _ *http.Request) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("mmtest: connection cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
	return true
}
