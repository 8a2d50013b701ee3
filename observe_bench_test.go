package multimarkets_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// BenchmarkRegisterObserver measures what the observer hooks cost a
// registration: "none" is a client without WithObserver (compare with
// BenchmarkRegister/sdk, which is the same), "empty" has an Observer whose
// functions are all nil, and "noop" one whose functions all do nothing. See
// package mmotel's BenchmarkRegisterTelemetry for the cost of recording.
func BenchmarkRegisterObserver(b *testing.B) {
	srv := httptest.NewServer(minimalHandler())
	defer srv.Close()
	base := srv.URL + "/openapi-b"
	noop := &mm.Observer{
		CallStart:    func(ctx context.Context, _ mm.CallStartInfo) context.Context { return ctx },
		CallDone:     func(context.Context, mm.CallDoneInfo) {},
		AttemptStart: func(ctx context.Context, _ mm.AttemptStartInfo) context.Context { return ctx },
		AttemptDone:  func(context.Context, mm.AttemptDoneInfo) {},
	}
	for _, bc := range []struct {
		name string
		opts []mm.Option
	}{
		{"none", nil},
		{"empty", []mm.Option{mm.WithObserver(&mm.Observer{})}},
		{"noop", []mm.Option{mm.WithObserver(noop)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := mm.NewClient(append([]mm.Option{mm.WithBaseURL(base), mm.WithCompanyID("10086"), mm.WithToken("tok")}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			p := validParams()
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Customers.Register(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRegisterInProcess is BenchmarkRegisterObserver with a
// RoundTripper that answers at once, without a socket: the client's own cost,
// with far less noise than a loopback connection.
func BenchmarkRegisterInProcess(b *testing.B) {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		body := `{"msg":"Success","fail":false,"trace":"` + r.Header.Get("trace") + `","code":"0","data":"86021976","bizCode":"","tm":1,"msgParams":null,"ok":true}`
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	})
	noop := &mm.Observer{
		CallStart:    func(ctx context.Context, _ mm.CallStartInfo) context.Context { return ctx },
		CallDone:     func(context.Context, mm.CallDoneInfo) {},
		AttemptStart: func(ctx context.Context, _ mm.AttemptStartInfo) context.Context { return ctx },
		AttemptDone:  func(context.Context, mm.AttemptDoneInfo) {},
	}
	for _, bc := range []struct {
		name string
		opts []mm.Option
	}{
		{"none", nil},
		{"noop", []mm.Option{mm.WithObserver(noop)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := mm.NewClient(append([]mm.Option{mm.WithBaseURL("http://mm.invalid/openapi-b"), mm.WithInsecureHTTP(), mm.WithCompanyID("10086"),
				mm.WithToken("tok"), mm.WithTransport(rt)}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			p := validParams()
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Customers.Register(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
