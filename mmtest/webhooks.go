package mmtest

import "net/url"

func init() {
	addOp(&opSpec{
		name:    "admin.admin.CompanyWebhookDubboService.subscribe",
		headers: []string{"companyId", "token", "version"}, token: true,
		handle: (*Server).subscribeWebhooks,
	})
}

// subscribeWebhooks implements CompanyWebhookDubboService.subscribe (vendor
// release 2.4.3; not in the spec): the three URLs are optional strings, each
// an absolute http(s) URL; at least one is needed. A subscription replaces
// the previous one's given URLs.
func (s *Server) subscribeWebhooks(r *request) (any, *apiError) {
	var w WebhookURLs
	fields := []struct {
		name string
		dst  *string
	}{
		{"queryUserAccountBalanceUrl", &w.QueryUserAccountBalanceURL},
		{"externalSystemAdjustmentUrl", &w.ExternalSystemAdjustmentURL},
		{"cancelExternalSystemAdjustmentUrl", &w.CancelExternalSystemAdjustmentURL},
	}
	n := 0
	for _, f := range fields {
		v, e := r.str(f.name, false)
		if e != nil {
			return nil, e
		}
		if v != "" {
			if !validHTTPURL(v) {
				return nil, errCode("GGATEWAY_CODE_015")
			}
			n++
		}
		*f.dst = v
	}
	if n == 0 {
		return nil, errCode("GGATEWAY_CODE_006")
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	prev := st.fx.webhook
	if prev != nil {
		if w.QueryUserAccountBalanceURL == "" {
			w.QueryUserAccountBalanceURL = prev.QueryUserAccountBalanceURL
		}
		if w.ExternalSystemAdjustmentURL == "" {
			w.ExternalSystemAdjustmentURL = prev.ExternalSystemAdjustmentURL
		}
		if w.CancelExternalSystemAdjustmentURL == "" {
			w.CancelExternalSystemAdjustmentURL = prev.CancelExternalSystemAdjustmentURL
		}
	}
	st.fx.webhook = &w
	return nil, nil
}

// WebhookURLs is the webhook subscription the fake holds.
type WebhookURLs struct {
	QueryUserAccountBalanceURL        string // where balance queries go; empty if never given
	ExternalSystemAdjustmentURL       string // where adjustments go; empty if never given
	CancelExternalSystemAdjustmentURL string // where cancels of adjustments go; empty if never given
}

// Webhooks returns the current webhook subscription, and false when none
// was made.
func (s *Server) Webhooks() (WebhookURLs, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if s.state.fx.webhook == nil {
		return WebhookURLs{}, false
	}
	return *s.state.fx.webhook, true
}

func validHTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
