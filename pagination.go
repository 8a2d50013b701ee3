package multimarkets

import (
	"context"
	"iter"
	"slices"
	"strconv"
)

// DefaultPageSize is the page size the paged lists (customers, positions,
// capital flow) use when the params leave it 0 (the server's default).
const DefaultPageSize = 20

// Page is one page of a paged list.
type Page[T any] struct {
	// Items are the page's records.
	Items []T
	// Total is the number of records in the whole list, as the server
	// reports it. Trading.ListPositions is the exception: its answer has no
	// total, so there Total is a lower bound (the records up to this page,
	// plus one while the page is full). HasNext is right in both cases.
	Total int64
	// PageNo is the page's number (1-based) and PageSize its requested size.
	PageNo, PageSize int
}

// HasNext reports whether pages after this one hold records.
func (p *Page[T]) HasNext() bool {
	return len(p.Items) > 0 && p.PageSize > 0 && int64(p.PageNo)*int64(p.PageSize) < p.Total
}

// listAll is the one iterator behind every List…All method (the naming
// rule: List<Things> returns one *Page, List<Things>All iterates over all of
// them). It copies the caller's params when called, so the caller may reuse
// them, and each range over the iterator starts afresh at their PageNo (1
// when 0). pageNo points at the params' PageNo field; list is the page call,
// which validates the params (nil included) and refuses bad ones.
func listAll[P, T any](ctx context.Context, p *P, pageNo func(*P) *int, list func(context.Context, *P, ...RequestOption) (*Page[T], error), opts []RequestOption) iter.Seq2[T, error] {
	if p == nil {
		return func(yield func(T, error) bool) {
			var zero T
			if _, err := list(ctx, nil, opts...); err != nil {
				yield(zero, err)
			}
		}
	}
	base := *p
	return func(yield func(T, error) bool) {
		q := base
		first := max(*pageNo(&q), 1)
		paginate(ctx, first, opts, func(ctx context.Context, n int, opts []RequestOption) (*Page[T], error) {
			*pageNo(&q) = n
			return list(ctx, &q, opts...)
		})(yield)
	}
}

// paginate walks every page lazily: it fetches page n+1 only after the
// caller consumed page n, holds one page in memory, and stops on the first
// error (yielded once), on an empty or last page, or when the caller stops
// or ctx ends. A server that ignores the page number cannot make it loop
// forever: it stops after the page that reaches Total, and after
// maxPages pages in any case.
//
// Each page after the first is sent with the caller's WithTrace (if any)
// suffixed "-p<page>", so every request keeps a unique trace.
func paginate[T any](ctx context.Context, first int, opts []RequestOption, fetch func(ctx context.Context, pageNo int, opts []RequestOption) (*Page[T], error)) iter.Seq2[T, error] {
	const maxPages = 1_000_000
	return func(yield func(T, error) bool) {
		var zero T
		for n := first; n < first+maxPages; n++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			pageOpts := opts
			if n > first {
				pageOpts = append(slices.Clip(opts), withTraceSuffix("-p"+strconv.Itoa(n)))
			}
			p, err := fetch(ctx, n, pageOpts)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !p.HasNext() {
				return
			}
		}
	}
}
