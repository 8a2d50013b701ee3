package wallet_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet"
)

// fillRecord sets every field of a Record and of its Adjustment, found by
// reflection, to a value chosen by rng: a field added to either later is
// filled too, and TestMemoryStoreKeepsEveryField fails until the
// MemoryStore keeps it. A field of a kind it does not know fails the test.
func fillRecord(t *testing.T, rng *rand.Rand) wallet.Record {
	t.Helper()
	var rec wallet.Record
	fillValue(t, rng, reflect.ValueOf(&rec).Elem(), "Record")
	return rec
}

var (
	timeType   = reflect.TypeOf(time.Time{})
	amountType = reflect.TypeOf(wallet.Amount{})
)

func fillValue(t *testing.T, rng *rand.Rand, v reflect.Value, path string) {
	t.Helper()
	switch {
	case v.Type() == timeType:
		// With a monotonic reading, or in a zone of its own.
		tm := time.Now().Add(time.Duration(rng.Int64N(1e15)))
		if rng.IntN(2) == 0 {
			tm = time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(time.FixedZone("X", 3600*rng.IntN(12)))
		}
		v.Set(reflect.ValueOf(tm))
		return
	case v.Type() == amountType:
		v.Set(reflect.ValueOf(wallet.NewAmount(rng.Int64()-rng.Int64(), rng.IntN(9))))
		return
	}
	switch v.Kind() {
	case reflect.String:
		// Distinct for every field (so a field read from another's place
		// shows), of any length, sometimes empty or not UTF-8.
		s := path + "=" + strconv.Itoa(rng.IntN(1e6))
		switch rng.IntN(4) {
		case 0:
			s = ""
		case 1:
			s += "\xff\xfe"
		}
		v.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(rng.Int64N(1 << 40))
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fillValue(t, rng, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Pointer:
		if rng.IntN(5) == 0 {
			v.SetZero() // also kept: a record without an Adjustment
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fillValue(t, rng, v.Elem(), path)
	default:
		t.Fatalf("%s: a %s field; teach fillValue and the MemoryStore (memRecord) about it", path, v.Type())
	}
}

// copyRecord copies r and its Adjustment.
func copyRecord(r wallet.Record) wallet.Record {
	if r.Adjustment != nil {
		a := *r.Adjustment
		r.Adjustment = &a
	}
	return r
}

// TestMemoryStoreKeepsEveryField: what Get returns is deeply equal to what
// was created or updated, every field of the Record and its Adjustment,
// times with their monotonic reading and zone; and neither the caller's copy
// nor a returned one shares anything that changes the stored record.
func TestMemoryStoreKeepsEveryField(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(14, 1))
	s := wallet.NewMemoryStore()
	get := func(key string) wallet.Record {
		t.Helper()
		got, found, err := s.Get(ctx, key)
		require.NoError(t, err)
		require.True(t, found)
		return got
	}
	for i := 0; i < 500; i++ {
		rec := fillRecord(t, rng)
		rec.Key = "k" + strconv.Itoa(i) + rec.Key
		rec.Version = 1
		want := copyRecord(rec)
		created, err := s.Create(ctx, rec)
		require.NoError(t, err)
		require.True(t, created)
		if rec.Adjustment != nil {
			rec.Adjustment.UserName = "changed by the caller" // the store kept its own copy
		}
		got := get(rec.Key)
		require.True(t, reflect.DeepEqual(want, got), "record %d:\nwant %#v\ngot  %#v", i, want, got)
		if got.Adjustment != nil {
			got.Adjustment.IP = "changed by the reader" // and gave out a copy
			got = get(rec.Key)
			require.True(t, reflect.DeepEqual(want, got), "record %d read again:\nwant %#v\ngot  %#v", i, want, got)
		}

		next := fillRecord(t, rng)
		next.Key, next.Version = rec.Key, 2
		want = copyRecord(next)
		updated, err := s.Update(ctx, next)
		require.NoError(t, err)
		require.True(t, updated)
		got = get(rec.Key)
		require.True(t, reflect.DeepEqual(want, got), "record %d updated:\nwant %#v\ngot  %#v", i, want, got)
	}
	assert.Equal(t, 500, s.Len())
}

// TestMemoryStoreContract: Create only creates, Update only replaces the
// version before, Get finds exactly the key.
func TestMemoryStoreContract(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := wallet.NewMemoryStore()
	rec := wallet.Record{Key: "r-1", State: wallet.StatePending, UserName: "u1", Version: 1}

	_, found, err := s.Get(ctx, "r-1")
	require.NoError(t, err)
	assert.False(t, found)
	updated, err := s.Update(ctx, wallet.Record{Key: "r-1", Version: 2})
	require.NoError(t, err)
	assert.False(t, updated, "no record to update")

	created, err := s.Create(ctx, rec)
	require.NoError(t, err)
	require.True(t, created)
	created, err = s.Create(ctx, wallet.Record{Key: "r-1", State: wallet.StateApplied, Version: 1})
	require.NoError(t, err)
	assert.False(t, created, "the key exists")

	for _, v := range []int64{1, 3, 0} {
		updated, err = s.Update(ctx, wallet.Record{Key: "r-1", State: wallet.StateApplied, Version: v})
		require.NoError(t, err)
		assert.False(t, updated, "version %d does not follow 1", v)
	}
	updated, err = s.Update(ctx, wallet.Record{Key: "r-1", State: wallet.StateApplied, Version: 2})
	require.NoError(t, err)
	assert.True(t, updated)

	got, found, err := s.Get(ctx, "r-1")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, wallet.StateApplied, got.State)
	assert.Equal(t, int64(2), got.Version)
	for _, k := range []string{"R-1", "r-1 ", "r-", ""} {
		_, found, err = s.Get(ctx, k)
		require.NoError(t, err)
		assert.False(t, found, "%q is another key", k)
	}
}

// TestMemoryStorePrune: final records written before t go; pending and
// reversing ones, and those written at or after t, stay.
func TestMemoryStorePrune(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cut := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		state   wallet.State
		updated time.Time
		kept    bool
	}{
		{wallet.StatePending, cut.Add(-time.Hour), true},
		{wallet.StateReversing, cut.Add(-time.Hour), true},
		{wallet.StateApplied, cut.Add(-time.Hour), false},
		{wallet.StateRejected, cut.Add(-time.Nanosecond), false},
		{wallet.StateReversed, cut.Add(-time.Hour), false},
		{wallet.StateCancelledUnseen, cut.Add(-time.Hour), false},
		{wallet.StateApplied, cut, true},
		{wallet.StateReversed, cut.Add(time.Hour), true},
	}
	s := wallet.NewMemoryStore()
	for i, tt := range tests {
		created, err := s.Create(ctx, wallet.Record{Key: "k" + strconv.Itoa(i), State: tt.state, Version: 1, UpdatedAt: tt.updated})
		require.NoError(t, err)
		require.True(t, created)
	}
	pruned := 0
	for _, tt := range tests {
		if !tt.kept {
			pruned++
		}
	}
	assert.Equal(t, pruned, s.Prune(cut))
	for i, tt := range tests {
		_, found, err := s.Get(ctx, "k"+strconv.Itoa(i))
		require.NoError(t, err)
		assert.Equal(t, tt.kept, found, "%s updated %v", tt.state, tt.updated)
	}
}

// BenchmarkMemoryStoreRecord: what a MemoryStore holds per adjustment
// record as the Handler writes it: heap bytes and heap objects (each of
// which the garbage collector marks on every cycle), and the cost of one
// Create and one Get.
func BenchmarkMemoryStoreRecord(b *testing.B) {
	ctx := context.Background()
	s := wallet.NewMemoryStore()
	now := time.Now()
	adj := wallet.Adjustment{ThirdServerCode: "ext-u100123", UserName: "u100123", Currency: "USD",
		BizType: 1, OperationType: "OPEN_POSITION", Amount: wallet.MustParseAmount("-1.25"), OrderID: 1_000_000_123,
		RequestUniqueNo: "r-3-123456", RequestTime: now, IP: "203.0.113.7", Meta: wallet.Meta{Trace: "mm-3-123", Timestamp: now}}
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = "r-3-" + strconv.Itoa(i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Strings and amount of their own, as decoded from a request.
		a := adj
		a.ThirdServerCode, a.UserName, a.Currency = strings.Clone(a.ThirdServerCode), strings.Clone(a.UserName), strings.Clone(a.Currency)
		a.IP, a.Meta.Trace, a.RequestUniqueNo = strings.Clone(a.IP), strings.Clone(a.Meta.Trace), keys[i]
		a.Amount = wallet.MustParseAmount("-1.25")
		rec := wallet.Record{Key: keys[i], State: wallet.StateApplied, UserName: a.UserName, Currency: a.Currency,
			Adjustment: &a, Answer: wallet.Answer{Code: "0", Msg: "success"}, Version: 1, CreatedAt: now, UpdatedAt: now}
		if _, err := s.Create(ctx, rec); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Get(ctx, keys[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N), "heap-B/record")
	b.ReportMetric(float64(int64(after.HeapObjects)-int64(before.HeapObjects))/float64(b.N), "objects/record")
	runtime.KeepAlive(s)
}
