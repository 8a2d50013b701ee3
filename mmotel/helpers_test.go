package mmotel_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/multimarkets-sdk/multimarkets-go/mmotel"
)

// recorder holds the in-memory span recorder and manual metric reader a
// test's Telemetry records to.
type recorder struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	tel    *mmotel.Telemetry
}

func newRecorder(t *testing.T, opts ...mmotel.Option) *recorder {
	t.Helper()
	r := &recorder{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	t.Cleanup(func() {
		_ = r.tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	r.tel = mmotel.New(append([]mmotel.Option{mmotel.WithTracerProvider(r.tp), mmotel.WithMeterProvider(mp)}, opts...)...)
	return r
}

// ended returns the ended spans in the order they ended.
func (r *recorder) ended() []sdktrace.ReadOnlySpan { return r.spans.Ended() }

// attrs turns attributes into a map of plain Go values for exact comparison.
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// metrics collects the current metric data.
func (r *recorder) metrics(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// point is one metric data point reduced to what the tests compare: its
// attributes and its value (a sum or gauge value, or a histogram's count).
type point struct {
	Attrs string
	Value int64
}

// points reduces a metric's data points, sorted by attributes.
func points(t *testing.T, m metricdata.Metrics) []point {
	t.Helper()
	var out []point
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, point{setString(p.Attributes), p.Value})
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			out = append(out, point{setString(p.Attributes), p.Value})
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, point{setString(p.Attributes), int64(p.Count)})
		}
	default:
		t.Fatalf("metric %s: unexpected data %T", m.Name, m.Data)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Attrs < out[j].Attrs })
	return out
}

// setString writes an attribute set as "k=v,k=v" in key order.
func setString(s attribute.Set) string {
	var parts []string
	for _, kv := range s.ToSlice() {
		parts = append(parts, fmt.Sprintf("%s=%v", kv.Key, kv.Value.AsInterface()))
	}
	return strings.Join(parts, ",")
}

// everyAttributeValue lists every attribute value of every span (its
// attributes, its events' attributes, its status) and every metric data
// point, for the test that nothing personal or secret is recorded.
func (r *recorder) everyAttributeValue(t *testing.T) []string {
	t.Helper()
	var out []string
	add := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, string(kv.Key)+"="+kv.Value.Emit())
		}
	}
	for _, s := range r.ended() {
		out = append(out, s.Name(), s.Status().Description)
		add(s.Attributes())
		for _, e := range s.Events() {
			out = append(out, e.Name)
			add(e.Attributes)
		}
		for _, l := range s.Links() {
			add(l.Attributes)
		}
	}
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, p := range points(t, m) {
				out = append(out, m.Name+" "+p.Attrs)
			}
		}
	}
	return out
}
