package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/internal/specserver"
)

// TestTourAgainstSpecServer runs the tour against a server driven only by
// the vendor's OpenAPI file (internal/specserver), not the SDK's own fake:
// every request must carry the headers and fields the spec requires, with
// the JSON types it declares, and every operation of the spec must be
// requested.
//
// The tour's own OK/FAIL lines are logged, not asserted: the spec server
// answers with the spec's example data, some of which contradicts the
// spec's schemas. Encryption is not exercised: the spec server does not
// decrypt.
func TestTourAgainstSpecServer(t *testing.T) {
	srv, lines := runTourAgainstSpec(t, nil)

	for _, v := range srv.Violations() {
		t.Errorf("spec violation: %s", v)
	}
	ops := srv.Operations() // read from the spec file
	if len(ops) != 41 {
		t.Errorf("the spec server found %d operations in the spec, want 41", len(ops))
	}
	requests := srv.Requests()
	for _, op := range ops {
		if requests[op] == 0 {
			t.Errorf("operation %s (%s) was never requested", op, srv.Method(op))
		}
	}
	if u := srv.Unmatched(); len(u) > 0 {
		// The webhook subscription is not in the published spec.
		t.Logf("requests to paths the spec does not declare: %q", u)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL ") {
			t.Logf("tour: %s", l)
		}
	}
}

// TestTourAgainstSpecServerCatchesMistakes shows the check above can fail:
// the same run, with the requests altered on their way to the spec server
// the way an encoding mistake in the SDK would alter them, reports them.
func TestTourAgainstSpecServerCatchesMistakes(t *testing.T) {
	const (
		listOp  = "customer.admin.WhiteCustomerAdminApiService.page"
		rates   = "fund.admin.CustomerFundAdminDubboService.getExchangeRate"
		batchOp = "quote-b-api/batch-kline"
	)
	srv, _ := runTourAgainstSpec(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			switch {
			case strings.HasSuffix(r.URL.Path, "/"+listOp):
				r.Header.Del("version") // a required header dropped
			case strings.HasSuffix(r.URL.Path, "/"+rates):
				body = []byte(strings.Replace(string(body), `"currencyMap":{`, `"currencyMap":[{`, 1) + "]") // an object sent as an array
				body = []byte(strings.Replace(string(body), `}}]`, `}]}`, 1))
			case strings.HasSuffix(r.URL.Path, "/"+batchOp):
				body = []byte(strings.Replace(string(body), `"kline_type":5`, `"kline_type":"5"`, 1)) // a nested integer as a string
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
		})
	})
	want := map[string]string{
		listOp:  "header.version",
		rates:   "body.currencyMap",
		batchOp: "body.data.data_list[0].kline_type",
	}
	got := srv.Violations()
	for op, field := range want {
		found := false
		for _, v := range got {
			found = found || (v.Operation == op && v.Field == field)
		}
		if !found {
			t.Errorf("no violation for %s %s; got %v", op, field, got)
		}
	}
	if len(got) < len(want) {
		t.Errorf("%d violations, want at least %d", len(got), len(want))
	}
}

// specTestData replaces the spec's example data where the tour takes a key
// from an answer into later requests and the example holds a placeholder
// the SDK rightly refuses as a key: the page example's customer has ID 0
// (needed by detail, messages and every trading operation), and the
// adjustment example answers data true instead of a proposal number
// (needed by getCustomerAdjustProposalById). Both follow the spec's
// response schemas.
var specTestData = map[string]json.RawMessage{
	"customer.admin.WhiteCustomerAdminApiService.page": json.RawMessage(`{"current":1,"size":20,"total":1,"records":[
		{"id":189,"customerNo":"86000188","customerGroupId":50,"customerGroupName":"default","companyId":1,
		 "status":1,"phone":"13800000000","phoneArea":"+86","country":"CN","registerSource":1,"createTime":1646123590664}]}`),
	"fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal": json.RawMessage(`"P202401010001"`),
}

// runTourAgainstSpec starts the spec server (behind wrap, if given), points
// the tour at it with app credentials and runs it.
func runTourAgainstSpec(t *testing.T, wrap func(http.Handler) http.Handler) (*specserver.Server, []string) {
	t.Helper()
	spec, err := os.ReadFile("../../testdata/spec/manager-api.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const appID, appSecret = "spec-app", "spec-secret"
	srv, err := specserver.New(spec, specserver.Options{AppID: appID, AppSecret: appSecret, Data: specTestData})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)

	t.Setenv(multimarkets.EnvBaseURL, ts.URL+srv.BasePath())
	t.Setenv(multimarkets.EnvCompanyID, "1001")
	t.Setenv(multimarkets.EnvAppID, appID)
	t.Setenv(multimarkets.EnvAppSecret, appSecret)
	t.Setenv(multimarkets.EnvToken, "")
	t.Setenv(multimarkets.EnvEncrypt, "")
	allowWrites(t)
	// The verification code a user passes by flag against a real server,
	// so that the lookup goes out with a code rather than the tour's
	// placeholder. The deal and order IDs come from the positions listed.
	setFlag(t, flagCode, "123456")
	setFlag(t, flagSendToken, "spec-send-token")
	setFlag(t, flagCodeTo, "15550001234")

	_, lines := runTour(t)
	return srv, lines
}
