package push

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// perfEvents is how many events one round of BenchmarkPerfPush consumes.
const perfEvents = 100_000

// perfMix is the share of each event type in the benchmark's stream: the
// trading flow (balances, their journal, positions, deals) dominates, and
// every documented type occurs.
var perfMix = map[EventType]int{
	EventSubjectUpdate: 6, EventSubjectWaterInsert: 5, EventPositionUpdate: 5, EventTradeDeal: 3,
	EventPositionInsert: 2, EventPositionDelete: 2, EventSubjectWaterUpdate: 1, EventSubjectInsert: 1,
	EventRegister: 1, EventCustomerUpdate: 1, EventCustomerInfoInsert: 1, EventCustomerInfoUpdate: 1,
	EventKYC: 1, EventOpenAccount: 1, EventAccountUpdate: 1, EventDeposit: 1, EventAccountAdjust: 1,
	EventWithdraw: 1,
}

// perfMessages builds n distinct messages shaped like the documentation's
// examples (compact JSON, as a server sends it), cycling through perfMix.
// Record IDs, versions and times differ from message to message; the
// customers and accounts are spread over 1,000 of each, so the ordering keys
// spread over the workers as in a real stream.
func perfMessages(b testing.TB, n int) [][]byte {
	clean := map[EventType]string{}
	for typ, s := range docExamples(b) {
		clean[typ] = cleanDocJSON(s)
	}
	var order []EventType
	for _, typ := range EventTypes() {
		for range perfMix[typ] {
			order = append(order, typ)
		}
	}
	msgs := make([][]byte, n)
	for i := range msgs {
		typ := order[i%len(order)]
		d := json.NewDecoder(strings.NewReader(clean[typ]))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			b.Fatal(err)
		}
		data := m["data"].(map[string]any)
		data["id"] = fmt.Sprint(1_000_000 + i)
		for k, v := range map[string]any{
			"customerNo": fmt.Sprint(86_000_000 + i%1000), "customerId": json.Number(fmt.Sprint(20_000 + i%1000)),
			"accountId": json.Number(fmt.Sprint(1_000_000 + i%1000)), "version": json.Number(fmt.Sprint(i)),
			"updateTime": json.Number(fmt.Sprint(int64(1_658_739_568_502) + int64(i))),
		} {
			if _, ok := data[k]; ok {
				data[k] = v
			}
		}
		msg, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		msgs[i] = msg
	}
	return msgs
}

// plainTypes mirrors each documented payload as the plain struct a
// hand-written consumer would declare: the same JSON field names, with the
// Go type the documentation's example suggests (string for strings, int64 for
// integers, json.Number for other numbers, bool, and json.RawMessage for
// objects, arrays and nulls). Built with reflect.StructOf so that the
// baseline decodes exactly the fields the SDK decodes, no more, no fewer.
func plainTypes(b testing.TB) map[EventType]reflect.Type {
	ex := docExamples(b)
	out := map[EventType]reflect.Type{}
	for _, typ := range EventTypes() {
		var env struct {
			Data map[string]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(cleanDocJSON(ex[typ])), &env); err != nil {
			b.Fatal(err)
		}
		var fields []reflect.StructField
		for i, name := range sortedKeys(jsonFields(reflect.TypeOf(payloadFactories[typ]()).Elem())) {
			v := bytes.TrimSpace(env.Data[name])
			var t reflect.Type
			switch {
			case len(v) == 0 || v[0] == '{' || v[0] == '[' || v[0] == 'n':
				t = reflect.TypeOf(json.RawMessage(nil))
			case v[0] == '"':
				t = reflect.TypeOf("")
			case v[0] == 't' || v[0] == 'f':
				t = reflect.TypeOf(false)
			case bytes.ContainsAny(v, ".eE"):
				t = reflect.TypeOf(json.Number(""))
			default:
				t = reflect.TypeOf(int64(0))
			}
			fields = append(fields, reflect.StructField{
				Name: fmt.Sprintf("F%d", i), Type: t, Tag: reflect.StructTag(fmt.Sprintf(`json:%q`, name)),
			})
		}
		out[typ] = reflect.StructOf(fields)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ { // insertion sort: a few dozen names
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// perfSink keeps the callbacks' work from being optimised away.
var perfSink atomic.Int64

// BenchmarkPerfPush consumes perfEvents data-push events from one in-process
// pushtest server over loopback, side by side:
//
//   - impl=sdk: a Subscriber with default options (de-duplication window,
//     8 workers with per-key ordering, byte-bounded buffering, panic
//     recovery), handing every event with its typed Payload to a Handler;
//   - impl=baseline: what a hand-written consumer needs at the least: a
//     coder/websocket connection with the same headers, a read limit, the
//     "ping" on connecting, then for every message conn.Read (with a context
//     that is never done, as the SDK reads), json.Unmarshal of the envelope
//     and of its data into a plain struct of the event's type (plainTypes),
//     and a callback on the same goroutine. No de-duplication, ordering
//     across workers, byte budget or panic recovery: that is the SDK's
//     extra work.
//
// Both read the same message bytes, replayed by the server from its log to
// a fresh group in every round; the server's own cost is in both. Compare
// with: benchstat -col /impl.
func BenchmarkPerfPush(b *testing.B) {
	f := newPerfFixture(b)
	defer f.srv.Close()
	run := func(b *testing.B, consume func(b *testing.B, group string)) {
		b.ReportAllocs()
		b.SetBytes(f.bytes)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			g := f.group()
			b.StartTimer()
			consume(b, g)
		}
		b.ReportMetric(float64(perfEvents)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	}
	b.Run("impl=sdk", func(b *testing.B) { run(b, f.sdk) })
	b.Run("impl=baseline", func(b *testing.B) { run(b, f.baseline) })
}

// BenchmarkPerfPushPaired alternates one SDK round and one baseline round
// (each perfEvents events, the order swapped every iteration) and reports
// the SDK's events/s over the baseline's ("sdk/baseline"): the ratio that
// best survives a busy machine, since both sides of a pair see about the
// same load. Run it with -benchtime 6x for six pairs.
func BenchmarkPerfPushPaired(b *testing.B) {
	f := newPerfFixture(b)
	defer f.srv.Close()
	var tSDK, tBase time.Duration
	timed := func(consume func(*testing.B, string)) time.Duration {
		g := f.group()
		t0 := time.Now()
		consume(b, g)
		return time.Since(t0)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			tSDK += timed(f.sdk)
			tBase += timed(f.baseline)
		} else {
			tBase += timed(f.baseline)
			tSDK += timed(f.sdk)
		}
	}
	b.ReportMetric(float64(perfEvents)*float64(b.N)/tSDK.Seconds(), "sdk-events/s")
	b.ReportMetric(float64(perfEvents)*float64(b.N)/tBase.Seconds(), "baseline-events/s")
	b.ReportMetric(float64(tBase)/float64(tSDK), "sdk/baseline")
}

// perfFixture is the server and the two consumers of the push benchmarks.
type perfFixture struct {
	srv   *pushtest.Server
	plain map[EventType]reflect.Type
	bytes int64 // of the perfEvents messages
	round atomic.Int64
}

// newPerfFixture starts a pushtest server holding perfEvents messages.
func newPerfFixture(b *testing.B) *perfFixture {
	msgs := perfMessages(b, perfEvents)
	f := &perfFixture{srv: pushtest.NewServer(pushtest.Options{Retention: perfEvents}), plain: plainTypes(b)}
	for _, m := range msgs {
		f.srv.PublishRaw(m)
		f.bytes += int64(len(m))
	}
	return f
}

// group returns a new group whose replay point is the first message.
func (f *perfFixture) group() string {
	g := fmt.Sprintf("perf-%d", f.round.Add(1))
	f.srv.EnsureGroup(g)
	f.srv.Resend(g, perfEvents)
	return g
}

// sdk consumes the perfEvents messages of group g with a Subscriber.
func (f *perfFixture) sdk(b *testing.B, g string) {
	var n atomic.Int64
	done := make(chan struct{})
	sub, err := New(Options{BaseURL: f.srv.BaseURL, Token: StaticToken("tok"), Group: g},
		func(_ context.Context, ev *Event) error {
			if ev.Payload == nil {
				return fmt.Errorf("no payload: %v", ev)
			}
			perfSink.Add(int64(len(ev.Payload.EventType())))
			if n.Add(1) == perfEvents {
				close(done)
			}
			return nil
		})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- sub.Run(ctx) }()
	select {
	case <-done:
	case err := <-errc:
		b.Fatal(err)
	}
	cancel()
	<-errc
	if st := sub.Stats(); st.Delivered != perfEvents || st.Duplicates != 0 {
		b.Fatalf("%+v", st)
	}
}

// baseline consumes the perfEvents messages of group g by hand.
func (f *perfFixture) baseline(b *testing.B, g string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wsURL, _ := WebSocketURL(f.srv.BaseURL)
	conn, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{
		HTTPHeader: http.Header{"token": {"tok"}, "group": {g}},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(4 << 20)
	if err := conn.Write(ctx, websocket.MessageText, []byte("ping")); err != nil {
		b.Fatal(err)
	}
	handle := func(typ EventType, v any) { perfSink.Add(int64(len(typ))) }
	// Reads get a context that is never done, as the SDK's do:
	// coder/websocket then sets up no cancellation per message.
	rctx := context.Background()
	for n := 0; n < perfEvents; {
		_, msg, err := conn.Read(rctx)
		if err != nil {
			b.Fatal(err)
		}
		if string(msg) == "pong" {
			continue
		}
		var env struct {
			EventType EventType       `json:"eventType"`
			Data      json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(msg, &env); err != nil {
			b.Fatal(err)
		}
		t, ok := f.plain[env.EventType]
		if !ok {
			b.Fatalf("unknown type %q", env.EventType)
		}
		v := reflect.New(t).Interface()
		if err := json.Unmarshal(env.Data, v); err != nil {
			b.Fatal(err)
		}
		handle(env.EventType, v)
		n++
	}
	_ = conn.Close(websocket.StatusNormalClosure, "")
}
