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
// release 2.4.3; not in the Manager API spec): as the operation's only
// published schema (the vendor's Postman/OpenAPI export) says, the three
// URLs are required strings, each an absolute http(s) URL. A subscription
// replaces the previous one whole; nothing is merged.
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
	for _, f := range fields {
		v, e := r.str(f.name, true)
		if e != nil {
			return nil, e
		}
		if v == "" {
			return nil, r.missingErr()
		}
		if !validHTTPURL(v) {
			return nil, errCode("GGATEWAY_CODE_015")
		}
		*f.dst = v
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.fx.webhook = &w
	return nil, nil
}

// WebhookURLs is the webhook subscription the fake holds.
type WebhookURLs struct {
	QueryUserAccountBalanceURL        string // where balance queries go
	ExternalSystemAdjustmentURL       string // where adjustments go
	CancelExternalSystemAdjustmentURL string // where cancels of adjustments go
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
