package multimarkets

import (
	"context"
	"encoding/json"
	"net/url"
)

// WebhookService configures the webhooks MultiMarkets calls on the white
// label's own server for external-wallet settlement (see the Webhook API).
type WebhookService service

// opWebhookSubscribe is not in the published Manager API spec; the vendor's
// 2.4.3 release notes add it.
var opWebhookSubscribe = defineOp(&operation{Name: "admin.admin.CompanyWebhookDubboService.subscribe"})

// WebhookParams is the set of webhook URLs for external-wallet
// settlement. All three are required: each is an absolute http or https URL
// on the white label's server. (The operation's only published schema, the
// vendor's Postman/OpenAPI export, requires all three; a subscription
// replaces the previous one whole, so to change one URL send all three.)
// Use https in production: webhooks carry no signature, so TLS and an IP
// allow-list are the receiver's only protection.
type WebhookParams struct {
	// BalanceURL answers MultiMarkets' queries for a customer's balance in
	// the external wallet (queryUserAccountBalanceUrl).
	BalanceURL string
	// AdjustmentURL receives balance adjustments to carry out in the
	// external wallet (externalSystemAdjustmentUrl).
	AdjustmentURL string
	// CancelAdjustmentURL receives cancellations of earlier adjustments
	// (cancelExternalSystemAdjustmentUrl).
	CancelAdjustmentURL string
}

// Validate checks the URLs, naming the field and rule of the first problem.
func (w *WebhookParams) Validate() error {
	const s = "WebhookParams."
	// The examples are the paths package wallet serves by default
	// (wallet.DefaultPaths; that package imports this one, so they are
	// written out here and a test in package wallet keeps them equal).
	for _, f := range []struct{ name, v, example string }{
		{"BalanceURL", w.BalanceURL, "https://wallet.example.com/get-user-amount"},
		{"AdjustmentURL", w.AdjustmentURL, "https://wallet.example.com/external-system-credit-limit-adjustment"},
		{"CancelAdjustmentURL", w.CancelAdjustmentURL, "https://wallet.example.com/cancel-external-system-credit-limit-adjustment"},
	} {
		if f.v == "" {
			return &ValidationError{Field: s + f.name, Rule: "required (all three webhook URLs are)"}
		}
		if !validWebhookURL(f.v) {
			return &ValidationError{Field: s + f.name, Rule: "absolute http(s) URL with a host, without user info or fragment, e.g. " + f.example}
		}
	}
	return nil
}

func validWebhookURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Hostname() != "" &&
		u.User == nil && u.Fragment == "" && u.Opaque == "" && len(raw) <= 512
}

type webhookBody struct {
	QueryUserAccountBalanceURL        string `json:"queryUserAccountBalanceUrl"`
	ExternalSystemAdjustmentURL       string `json:"externalSystemAdjustmentUrl"`
	CancelExternalSystemAdjustmentURL string `json:"cancelExternalSystemAdjustmentUrl"`
}

// Subscribe sets the company's webhook URLs
// (admin.admin.CompanyWebhookDubboService.subscribe, vendor release 2.4.3;
// not in the published Manager API spec). All three URLs are required and
// sent; a missing one is a *ValidationError naming it, before anything is
// sent. A write: never resent once it may have reached the server; calling
// it again with the same URLs is harmless.
//
//mm:op admin.admin.CompanyWebhookDubboService.subscribe
func (s *WebhookService) Subscribe(ctx context.Context, w *WebhookParams, opts ...RequestOption) error {
	if w == nil {
		return s.client.refuse(ctx, opWebhookSubscribe, &ValidationError{Field: "WebhookParams", Rule: "required"})
	}
	if err := w.Validate(); err != nil {
		return s.client.refuse(ctx, opWebhookSubscribe, err)
	}
	_, err := call[json.RawMessage](ctx, s.client, opWebhookSubscribe, webhookBody{
		QueryUserAccountBalanceURL: w.BalanceURL, ExternalSystemAdjustmentURL: w.AdjustmentURL,
		CancelExternalSystemAdjustmentURL: w.CancelAdjustmentURL,
	}, opts)
	return err
}
