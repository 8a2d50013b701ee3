package multimarkets_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// BenchmarkCustomersAll100k walks 100,000 customers of the fake server with
// Customers.ListAll (50 pages of 2,000). B/op counts everything allocated on
// both sides of the loopback connection, so it grows with the list; the
// custom metric peak-live-MB is the most live heap above the baseline seen
// at page boundaries (after a GC), which stays at about one page whatever
// the list's length. Compare with BenchmarkCustomersAll10k.
func BenchmarkCustomersAll100k(b *testing.B) { benchCustomersAll(b, 100_000) }

// BenchmarkCustomersAll10k is BenchmarkCustomersAll100k over 10,000
// customers, to show that peak live memory does not grow with the list.
func BenchmarkCustomersAll10k(b *testing.B) { benchCustomersAll(b, 10_000) }

func benchCustomersAll(b *testing.B, n int) {
	srv, c := newFake(b, nil)
	srv.SeedCustomers(n)
	ctx := context.Background()
	_, err := c.Auth.Authorize(ctx) // warm the token and connection
	require.NoError(b, err)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		count := 0
		for cust, err := range c.Customers.ListAll(ctx, &mm.CustomerListParams{PageSize: mm.MaxCustomerPageSize}) {
			require.NoError(b, err)
			require.NotEqualValues(b, 0, cust.ID, "empty customer")
			count++
			if i == 0 && count%mm.MaxCustomerPageSize == 1 { // first customer of each page: one page is live
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base && ms.HeapAlloc-base > peak {
					peak = ms.HeapAlloc - base
				}
				b.StartTimer()
			}
		}
		require.EqualValues(b, n, count, "walked %d customers, want %d", count, n)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-MB")
	b.ReportMetric(float64(n), "customers/op")
}
