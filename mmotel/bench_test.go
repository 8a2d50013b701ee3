package mmotel_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
)

// BenchmarkRegisterTelemetry measures a registration recorded by mmotel
// (every span sampled into an in-memory recorder that is reset, metrics
// aggregated by the SDK), against the same loopback answer as the root
// package's BenchmarkRegister.
func BenchmarkRegisterTelemetry(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"msg":"Success","fail":false,"trace":"`+r.Header.Get("trace")+`","code":"0","data":"86021976","bizCode":"","tm":1,"msgParams":null,"ok":true}`)
	}))
	defer srv.Close()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	tel := mmotel.New(mmotel.WithTracerProvider(tp), mmotel.WithMeterProvider(mp))
	c, err := mm.NewClient(mm.WithBaseURL(srv.URL+"/openapi-b"), mm.WithCompanyID("10086"), mm.WithToken("tok"),
		mm.WithObserver(tel.Client()))
	if err != nil {
		b.Fatal(err)
	}
	p := registerParams()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Customers.Register(ctx, p); err != nil {
			b.Fatal(err)
		}
		if i%1000 == 999 {
			sr.Reset()
		}
	}
}
