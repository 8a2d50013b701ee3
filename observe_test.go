package multimarkets_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
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

// TestObserverSeesRefusedCalls: a call the SDK refuses before sending is
// still one observed call, with outcome validation_error and no attempts.
func TestObserverSeesRefusedCalls(t *testing.T) {
	t.Parallel()
	var log eventLog
	_, c := newFake(t, nil, mm.WithObserver(log.observer()))
	p := validParams()
	p.Phone = "not a phone"
	_, err := c.Customers.Register(context.Background(), p)
	require.ErrorIs(t, err, mm.ErrValidation)
	_, err = c.Customers.Register(context.Background(), nil)
	require.ErrorIs(t, err, mm.ErrValidation)
	assert.Equal(t, []string{
		"call start register write=true",
		"call done register validation_error code= attempts=0 status=0 customer=",
		"call start register write=true",
		"call done register validation_error code= attempts=0 status=0 customer=",
	}, log.lines)
}

// TestObserverSeesCallersOutcome: a success the SDK turns into an error (a
// registration answered without a customer number) is observed with the
// caller's outcome, not the server's.
func TestObserverSeesCallersOutcome(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"msg":"Success","fail":false,"trace":%q,"code":"0","data":null,"ok":true}`, r.Header.Get("trace"))
	}))
	t.Cleanup(hs.Close)
	var log eventLog
	c, err := mm.NewClient(mm.WithBaseURL(hs.URL), mm.WithCompanyID("10086"), mm.WithToken("t"), mm.WithObserver(log.observer()))
	require.NoError(t, err)
	_, err = c.Customers.Register(context.Background(), validParams())
	require.ErrorIs(t, err, mm.ErrUnknownOutcome)
	assert.Equal(t, []string{
		"call start register write=true",
		"attempt start register #1 POST",
		"attempt done register #1 status=200 code=0 retry=false expired=false limited=false",
		"call done register unknown_outcome code= attempts=1 status=200 customer=",
	}, log.lines)
}

// TestEveryRefusalIsObserved calls every exported service method that takes
// a params pointer with nil params; each one the SDK refuses must be
// observed as exactly one call with outcome validation_error.
func TestEveryRefusalIsObserved(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"msg":"Success","fail":false,"trace":%q,"code":"0","data":null,"ok":true}`, r.Header.Get("trace"))
	}))
	t.Cleanup(hs.Close)
	var mu sync.Mutex
	var starts int
	var dones []mm.CallDoneInfo
	c, err := mm.NewClient(mm.WithBaseURL(hs.URL), mm.WithCompanyID("10086"), mm.WithToken("t"), mm.WithObserver(&mm.Observer{
		CallStart: func(ctx context.Context, _ mm.CallStartInfo) context.Context {
			mu.Lock()
			starts++
			mu.Unlock()
			return ctx
		},
		CallDone: func(_ context.Context, i mm.CallDoneInfo) {
			mu.Lock()
			dones = append(dones, i)
			mu.Unlock()
		},
	}))
	require.NoError(t, err)
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	errType := reflect.TypeOf((*error)(nil)).Elem()
	cv := reflect.ValueOf(c).Elem()
	refused := 0
	for i := 0; i < cv.NumField(); i++ {
		svc := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || svc.Kind() != reflect.Pointer || !strings.HasSuffix(svc.Type().Elem().Name(), "Service") {
			continue
		}
		for j := 0; j < svc.NumMethod(); j++ {
			m, mt := svc.Method(j), svc.Type().Method(j)
			ft := m.Type()
			if ft.NumIn() < 2 || ft.In(0) != ctxType || ft.In(1).Kind() != reflect.Pointer || ft.NumOut() == 0 || ft.Out(ft.NumOut()-1) != errType {
				continue
			}
			name := svc.Type().Elem().Name() + "." + mt.Name
			mu.Lock()
			starts, dones = 0, nil
			mu.Unlock()
			args := []reflect.Value{reflect.ValueOf(context.Background()), reflect.Zero(ft.In(1))}
			if !ft.IsVariadic() {
				for k := 2; k < ft.NumIn(); k++ {
					args = append(args, reflect.Zero(ft.In(k)))
				}
			}
			out := m.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			if !errors.Is(err, mm.ErrValidation) {
				continue // nil params mean defaults: nothing refused
			}
			refused++
			mu.Lock()
			assert.Equal(t, 1, starts, name)
			if assert.Len(t, dones, 1, name) {
				assert.Equal(t, mm.OutcomeValidationError, dones[0].Outcome, name)
				assert.Zero(t, dones[0].Attempts, name)
			}
			mu.Unlock()
		}
	}
	assert.Greater(t, refused, 30, "methods refusing nil params")
}
