package mmtest

import (
	"encoding/json"
	"net/http"
)

// admitMarket applies the market-data checks: GET, a valid token query
// parameter and a query parameter holding {"trace":…,"data":{…}}.
func (s *Server) admitMarket(req *request) *apiError {
	r := req.http
	if r.Method != http.MethodGet {
		return errCode("GGATEWAY_CODE_016")
	}
	q := r.URL.Query()
	req.token = q.Get("token")
	switch s.tokenState(req.token) {
	case "missing":
		return errCode("GGATEWAY_CODE_001")
	case "expired", "invalid":
		return errCode(s.cfg.expiredCode)
	}
	var query struct {
		Trace string                     `json:"trace"`
		Data  map[string]json.RawMessage `json:"data"`
	}
	if raw := q.Get("query"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &query); err != nil {
			return errCode("GGATEWAY_CODE_015")
		}
	}
	if query.Trace != "" {
		req.trace = query.Trace
	}
	req.body = query.Data
	if req.body == nil {
		req.body = map[string]json.RawMessage{}
	}
	return nil
}

// writeMarket answers in the market-data envelope {ret, msg, trace, data}.
func (s *Server) writeMarket(w http.ResponseWriter, trace string, data any, e *apiError) {
	out := struct {
		Ret   int    `json:"ret"`
		Msg   string `json:"msg"`
		Trace string `json:"trace"`
		Data  any    `json:"data"`
	}{Ret: 200, Msg: "ok", Trace: trace, Data: data}
	if e != nil {
		out.Ret, out.Msg, out.Data = 400, e.code+": "+e.msg, nil
	}
	writeJSON(w, http.StatusOK, out)
}
