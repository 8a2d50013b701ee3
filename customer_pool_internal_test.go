package multimarkets

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageAnswer is a customer-list success answer with records.
func pageAnswer(records string) []byte {
	return []byte(`{"code":"0","msg":"Success","ok":true,"trace":"t","tm":3,"data":{"current":1,"size":2000,"total":1,"records":` + records + `}}`)
}

// TestCustomerWiresNoStaleField decodes a page into a reused scratch slice
// and checks that no field of the previous page survives: encoding/json
// decodes into existing elements without zeroing them, which the positive
// control shows, so clearCustomerWires must.
func TestCustomerWiresNoStaleField(t *testing.T) {
	t.Parallel()
	page1 := pageAnswer(`[{"id":1,"customerNo":"86000001","email":"a@example.com","remark":"vip","phone":"7000",` +
		`"customerGroupId":"5","createTime":1767322800000},{"id":2,"customerNo":"86000002","remark":"second"}]`)
	page2 := pageAnswer(`[{"id":3,"customerNo":"86000003"}]`)
	decode := func(t *testing.T, scratch []customerWire, body []byte) *customerPageData {
		t.Helper()
		d := &customerPageData{Records: scratch}
		env, err := decodeAnswer(opCustomerPage.Name, "t", 200, "application/json", body, nil, d)
		require.NoError(t, err)
		require.True(t, env.decoded)
		return d
	}
	first := decode(t, make([]customerWire, 0, 4), page1)
	require.Len(t, first.Records, 2)
	backing := first.Records[:cap(first.Records)]

	t.Run("positive control: without clearing the old values survive", func(t *testing.T) {
		stale := make([]customerWire, 2, 4)
		copy(stale, first.Records)
		d := decode(t, stale[:0], page2)
		require.Equal(t, "a@example.com", d.Records[0].Email)
	})

	second := decode(t, clearCustomerWires(first.Records), page2)
	require.Len(t, second.Records, 1)
	require.Same(t, &backing[0], &second.Records[0], "the scratch slice is reused")
	pg := second.page(2, 2000)
	require.Len(t, pg.Items, 1)
	assert.Equal(t, Customer{ID: 3, CustomerNo: "86000003"}, pg.Items[0], "no field of page 1 survives")
	assert.Equal(t, customerWire{}, backing[1], "elements past the length are cleared too")
}

// TestCustomerPageRecordsShapes checks that a pooled scratch slice does not
// change what an answer without records gives: null or no key gives nil
// Items, [] an empty non-nil slice, with or without a pooled slice.
func TestCustomerPageRecordsShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    []byte
		wantNil bool
		wantLen int
	}{
		{"null", pageAnswer(`null`), true, 0},
		{"empty", pageAnswer(`[]`), false, 0},
		{"no key", []byte(`{"code":"0","msg":"Success","ok":true,"trace":"t","tm":3,"data":{"current":1,"size":2000,"total":0}}`), true, 0},
		{"one", pageAnswer(`[{"id":1,"customerNo":"8"}]`), false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i := 0; i < 4; i++ { // with and without a pooled slice
				putCustomerWires(make([]customerWire, 0, 8))
				pg, err := DecodeCustomerPageForTest(tt.body)
				require.NoError(t, err)
				assert.Equal(t, tt.wantNil, pg.Items == nil, "Items = %#v", pg.Items)
				assert.Len(t, pg.Items, tt.wantLen)
			}
		})
	}
}

// TestPutCustomerWiresBounded checks that a slice larger than two full
// pages (a server ignoring the page size) is not cleared for reuse.
func TestPutCustomerWiresBounded(t *testing.T) {
	t.Parallel()
	big := make([]customerWire, 1, 2*MaxCustomerPageSize+1)
	big[0].Email = "a@example.com"
	putCustomerWires(big)
	assert.Equal(t, "a@example.com", big[0].Email, "left to the garbage collector as it is")
}

// TestListReusedRecordsNoStaleField lists page 1 (records with e-mail and
// remark) and page 2 (without them) in turns through Customers.List, so
// page 2 is decoded into the pooled slice page 1 used whenever the pool
// keeps it: no field of page 1 may show on page 2.
func TestListReusedRecordsNoStaleField(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body customerPageBody
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		recs := `[{"id":1,"customerNo":"86000001","email":"a@example.com","remark":"vip","unitName":"u","loginTime":1767322800000}]`
		if body.Current == 2 {
			recs = `[{"id":2,"customerNo":"86000002"}]`
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"code":"0","msg":"Success","ok":true,"trace":"`+r.Header.Get("trace")+
			`","tm":3,"data":{"current":`+strconv.Itoa(body.Current)+`,"size":1,"total":2,"records":`+recs+`}}`)
	}))
	t.Cleanup(hs.Close)
	c, err := NewClient(WithBaseURL(hs.URL), WithCompanyID("10086"), WithToken("t"))
	require.NoError(t, err)
	for i := 0; i < 20; i++ {
		p1, err := c.Customers.List(context.Background(), &CustomerListParams{PageNo: 1, PageSize: 1})
		require.NoError(t, err)
		require.Len(t, p1.Items, 1)
		require.Equal(t, "vip", p1.Items[0].Remark)
		p2, err := c.Customers.List(context.Background(), &CustomerListParams{PageNo: 2, PageSize: 1})
		require.NoError(t, err)
		require.Len(t, p2.Items, 1)
		require.Equal(t, Customer{ID: 2, CustomerNo: "86000002"}, p2.Items[0], "round %d", i)
		require.Equal(t, "vip", p1.Items[0].Remark, "page 1's items are the caller's, not scratch")
	}
}

// TestListRetryAfterRefusalNoStaleField answers the first request with a
// rate-limit refusal whose data carries records (decoded into the pooled
// scratch slice, then discarded) and the resend with records without those
// fields: the page shows only the resend's values.
func TestListRetryAfterRefusalNoStaleField(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		code, recs := "0", `[{"id":2,"customerNo":"86000002"}]`
		if n.Add(1) == 1 {
			code, recs = "GGATEWAY_CODE_018", `[{"id":1,"customerNo":"86000001","email":"a@example.com","remark":"vip"}]`
		}
		_, _ = io.WriteString(w, `{"code":"`+code+`","msg":"m","trace":"`+r.Header.Get("trace")+
			`","tm":3,"data":{"current":1,"size":1,"total":1,"records":`+recs+`}}`)
	}))
	t.Cleanup(hs.Close)
	c, err := NewClient(WithBaseURL(hs.URL), WithCompanyID("10086"), WithToken("t"),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	putCustomerWires(make([]customerWire, 0, 4)) // a pooled slice, when the pool keeps it
	pg, err := c.Customers.List(context.Background(), &CustomerListParams{PageSize: 1})
	require.NoError(t, err)
	require.EqualValues(t, 2, n.Load(), "refused, then resent")
	require.Equal(t, []Customer{{ID: 2, CustomerNo: "86000002"}}, pg.Items)
}
