// Package otelstdout gives the examples their -otel flag: with "-otel
// stdout" they record OpenTelemetry spans and metrics through package mmotel
// and print them with OpenTelemetry's stdout exporters, which shows what a
// service would send to its collector in production.
package otelstdout

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
)

// Flag defines -otel on fs and returns its value.
func Flag(fs *flag.FlagSet) *string {
	return fs.String("otel", "", `"stdout" prints OpenTelemetry spans and metrics (stdout exporters) as they would be exported in production`)
}

// Start sets up recording for mode: "" records nothing (a nil Telemetry,
// whose observers are nil), "stdout" prints spans and metrics as JSON to w,
// metrics every interval and at stop. stop flushes and shuts the exporters
// down; call it before exiting.
func Start(mode, service string, w io.Writer, interval time.Duration) (tel *mmotel.Telemetry, stop func(), err error) {
	switch mode {
	case "":
		return nil, func() {}, nil
	case "stdout":
	default:
		return nil, nil, errors.New(`-otel: unknown exporter ` + mode + `; the only one is "stdout"`)
	}
	res := resource.NewSchemaless(attribute.String("service.name", service))
	spanExp, err := stdouttrace.New(stdouttrace.WithWriter(w), stdouttrace.WithPrettyPrint())
	if err != nil {
		return nil, nil, err
	}
	metricExp, err := stdoutmetric.New(stdoutmetric.WithWriter(w), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return nil, nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spanExp), sdktrace.WithResource(res))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricExp, sdkmetric.WithInterval(interval))),
		sdkmetric.WithResource(res))
	stop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx) // spans first: the metrics then include every call
		_ = mp.Shutdown(ctx)
	}
	return mmotel.New(mmotel.WithTracerProvider(tp), mmotel.WithMeterProvider(mp)), stop, nil
}
