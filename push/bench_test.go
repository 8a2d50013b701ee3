package push

import (
	"fmt"
	"runtime"
	"testing"
)

var benchMsg = []byte(`{"data":{"accountId":1000087,"accountType":1,"amountAfter":11210000000,"amountIn":11210000000,"amountOut":0,"bookkeepId":2022072500115,"businessType":603,"businessType1":60301,"companyId":21,"createTime":1658739568400,"currency":66,"currencyCode":"HKD","customerId":21880,"customerNo":"86000004","digits":5,"id":"12345","orderId":10101,"remark":"ryder_test","status":2,"subjectId":667,"subjectType":1,"tradeType":6,"updateTime":1658739568502,"version":0},"eventType":"subject_water_insert"}`)

// BenchmarkDecode measures decoding one typical event into its typed payload.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchMsg)))
	for i := 0; i < b.N; i++ {
		ev, k := decode(benchMsg)
		if ev.Payload == nil || k.customerNo == "" {
			b.Fatal(ev.Err)
		}
	}
}

// BenchmarkDecodeDedup measures the subscriber's per-message hot path:
// decode, identity hash, window lookup/insert, ordering key. Messages are
// all distinct, so the 100,000-entry window keeps evicting.
func BenchmarkDecodeDedup(b *testing.B) {
	msgs := make([][]byte, 1024)
	for i := range msgs {
		msgs[i] = []byte(fmt.Sprintf(`{"data":{"accountId":%d,"amount":%d,"digits":6,"id":"%d","type":1,"version":%d},"eventType":"subject_update"}`, i%50, i, i, i))
	}
	d := newDedup(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := msgs[i%len(msgs)]
		ev, k := decode(m)
		d.add(d.key(ev.Type, ev.Data, ev.Raw))
		ev.Key = defaultKey(&ev, k)
	}
}

// BenchmarkDedupWindowMemory reports the heap held by a full default window
// (100,000 identities) as bytes/window.
func BenchmarkDedupWindowMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		d := newDedup(100_000)
		for j := 0; j < 300_000; j++ { // three times the window: memory must not grow past it
			var k dedupKey
			k[0], k[1], k[2], k[3] = byte(j), byte(j>>8), byte(j>>16), byte(j>>24)
			d.add(k)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc), "bytes/window")
		if len(d.seen) != 100_000 {
			b.Fatal(len(d.seen))
		}
	}
}
