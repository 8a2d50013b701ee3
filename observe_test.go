package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

// eventLog is an Observer that writes one line per event.
type eventLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *eventLog) add(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *eventLog) observer() *mm.Observer {
	return &mm.Observer{
		CallStart: func(ctx context.Context, i mm.CallStartInfo) context.Context {
			l.add("call start %s write=%t", short(i.Operation), i.Write)
			return ctx
		},
		CallDone: func(_ context.Context, i mm.CallDoneInfo) {
			l.add("call done %s %s code=%s attempts=%d status=%d customer=%s", short(i.Operation), i.Outcome, i.Code, i.Attempts, i.HTTPStatus, i.CustomerNo)
		},
		AttemptStart: func(ctx context.Context, i mm.AttemptStartInfo) context.Context {
			l.add("attempt start %s #%d %s", short(i.Operation), i.Attempt, i.Method)
			return ctx
		},
		AttemptDone: func(_ context.Context, i mm.AttemptDoneInfo) {
			l.add("attempt done %s #%d status=%d code=%s retry=%t expired=%t limited=%t", short(i.Operation), i.Attempt, i.HTTPStatus, i.Code, i.Retry, i.TokenExpired, i.RateLimited)
		},
		TokenRenewStart: func(ctx context.Context, i mm.TokenRenewInfo) context.Context {
			l.add("renew start %s", short(i.Operation))
			return ctx
		},
		TokenRenewDone: func(_ context.Context, i mm.TokenRenewDoneInfo) {
			l.add("renew done %s err=%v", short(i.Operation), i.Err)
		},
		CustomerNumbers: true,
	}
}

func short(op string) string {
	switch op {
	case "customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc":
		return "register"
	case "admin.admin.CompanyAuthDubboService.auth":
		return "auth"
	}
	return op
}

func TestObserverSeesCallsAttemptsAndRenewals(t *testing.T) {
	t.Parallel()
	var log eventLog
	srv, c := newFake(t, nil, mm.WithObserver(log.observer()))
	ctx := context.Background()
	reg, err := c.Customers.Register(ctx, validParams())
	require.NoError(t, err)
	srv.ExpireTokens()
	_, err = c.Customers.Register(ctx, validParams())
	require.ErrorIs(t, err, mm.ErrDuplicatePhone)

	assert.Equal(t, []string{
		"call start register write=true",
		"call start auth write=false",
		"attempt start auth #1 POST",
		"attempt done auth #1 status=200 code=0 retry=false expired=false limited=false",
		"call done auth success code= attempts=1 status=200 customer=",
		"attempt start register #1 POST",
		"attempt done register #1 status=200 code=0 retry=false expired=false limited=false",
		"call done register success code= attempts=1 status=200 customer=" + reg.CustomerNo,
		"call start register write=true",
		"attempt start register #1 POST",
		"attempt done register #1 status=200 code=GGATEWAY_CODE_005 retry=false expired=true limited=false",
		"renew start register",
		"call start auth write=false",
		"attempt start auth #1 POST",
		"attempt done auth #1 status=200 code=0 retry=false expired=false limited=false",
		"call done auth success code= attempts=1 status=200 customer=",
		"renew done register err=<nil>",
		"attempt start register #2 POST",
		"attempt done register #2 status=200 code=USCUSTOMER_API_0000106 retry=false expired=false limited=false",
		"call done register api_error code=USCUSTOMER_API_0000106 attempts=2 status=200 customer=",
	}, log.lines)
}

func TestOutcomeOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want mm.Outcome
	}{
		{nil, mm.OutcomeSuccess},
		{&mm.APIError{Code: "X"}, mm.OutcomeAPIError},
		{&mm.ValidationError{Field: "f"}, mm.OutcomeValidationError},
		{&mm.TransportError{Err: context.DeadlineExceeded}, mm.OutcomeTransportError},
		{context.Canceled, mm.OutcomeTransportError},
		{&mm.ResponseError{Reason: "HTML page"}, mm.OutcomeBadResponse},
		{&mm.UnknownOutcomeError{Err: &mm.ResponseError{}}, mm.OutcomeUnknown},
		{&mm.UnknownOutcomeError{Err: &mm.APIError{Code: "G500"}}, mm.OutcomeUnknown},
		{fmt.Errorf("wrapped: %w", &mm.APIError{Code: "X"}), mm.OutcomeAPIError},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mm.OutcomeOf(tt.err), "%v", tt.err)
	}
}

// TestPanickingObserverDoesNotBreakCalls: every hook panics, the calls
// return what they would have returned, and the panics are logged without
// their values.
func TestPanickingObserverDoesNotBreakCalls(t *testing.T) {
	t.Parallel()
	var calls int
	var mu sync.Mutex
	boom := func() {
		mu.Lock()
		calls++
		mu.Unlock()
		panic(errors.New("observer bug"))
	}
	o := &mm.Observer{
		CallStart:       func(context.Context, mm.CallStartInfo) context.Context { boom(); return nil },
		CallDone:        func(context.Context, mm.CallDoneInfo) { boom() },
		AttemptStart:    func(context.Context, mm.AttemptStartInfo) context.Context { boom(); return nil },
		AttemptDone:     func(context.Context, mm.AttemptDoneInfo) { boom() },
		TokenRenewStart: func(context.Context, mm.TokenRenewInfo) context.Context { boom(); return nil },
		TokenRenewDone:  func(context.Context, mm.TokenRenewDoneInfo) { boom() },
	}
	logs := &lockedBuf{}
	srv, c := newFake(t, []mmtest.Option{}, mm.WithObserver(o), mm.WithLogger(logs.logger()))
	reg, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
	require.NotEmpty(t, reg.CustomerNo)
	srv.ExpireTokens()
	_, err = c.Customers.Register(context.Background(), validParams())
	require.ErrorIs(t, err, mm.ErrDuplicatePhone)
	mu.Lock()
	assert.Equal(t, 20, calls, "every hook ran (and panicked)")
	mu.Unlock()
	assert.Contains(t, logs.String(), "observer panicked")
	assert.NotContains(t, logs.String(), "observer bug")
}

// TestWithObserverNil: a nil observer is no observer.
func TestWithObserverNil(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil, mm.WithObserver(&mm.Observer{}), mm.WithObserver(nil))
	_, err := c.Customers.Register(context.Background(), validParams())
	require.NoError(t, err)
}

// lockedBuf is a log destination safe for concurrent writers.
type lockedBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuf) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }
