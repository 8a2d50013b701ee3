package mmtest

import (
	"errors"
	"net/url"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/wallettest"
)

// WalletPlatform returns a wallettest.Platform that plays MultiMarkets'
// side against the external wallet whose webhook URLs were subscribed
// (admin.admin.CompanyWebhookDubboService.subscribe): balance queries,
// adjustments, duplicates, slow answers, timeouts followed by cancels and
// retried cancels, with this server's company ID. It fails when nothing was
// subscribed or the three URLs are not on one host.
func (s *Server) WalletPlatform() (*wallettest.Platform, error) {
	urls, ok := s.Webhooks()
	if !ok {
		return nil, errors.New("mmtest: no webhook URLs subscribed")
	}
	var base string
	var paths wallet.Paths
	for _, p := range []struct {
		raw string
		dst *string
	}{
		{urls.QueryUserAccountBalanceURL, &paths.Balance},
		{urls.ExternalSystemAdjustmentURL, &paths.Adjust},
		{urls.CancelExternalSystemAdjustmentURL, &paths.Cancel},
	} {
		if p.raw == "" {
			continue
		}
		u, err := url.Parse(p.raw)
		if err != nil {
			return nil, err
		}
		root := u.Scheme + "://" + u.Host
		if base != "" && base != root {
			return nil, errors.New("mmtest: the subscribed webhook URLs are on different hosts")
		}
		base, *p.dst = root, u.EscapedPath()
	}
	return &wallettest.Platform{BaseURL: base, CompanyID: s.CompanyID, Paths: paths}, nil
}
