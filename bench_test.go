package multimarkets_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// minimalHandler answers every registration with the documented success
// envelope, so the benchmarks measure the client, not a server.
func minimalHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"msg":"Success","fail":false,"trace":"`+r.Header.Get("trace")+`","code":"0","data":"86021976","bizCode":"","tm":1,"msgParams":null,"ok":true}`)
	})
}

// BenchmarkRegister and its hand-written baseline are BenchmarkPerfRegister
// in perf_bench_test.go (a struct body, as a hand-written client sends; the
// map body it had here flattered the SDK's allocation ratio).

// BenchmarkRegisterEncrypted is a signed, RSA-encrypted registration against
// the fake server, which decrypts and checks the signature (its RSA private
// key operations dominate); BenchmarkPerfRegisterEncrypted measures the
// client's share against a baseline.
func BenchmarkRegisterEncrypted(b *testing.B) {
	srv, c := newFake(b, nil, mm.WithEncryption(""))
	_ = srv
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := validParams()
		p.Phone = fmt.Sprintf("13%09d", i)
		if _, err := c.Customers.Register(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
