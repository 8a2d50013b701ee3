package multimarkets

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"
)

// RetryPolicy says when and how often the client resends a request.
//
// Reads (queries, lists, market data) are resent after connection errors,
// HTTP 429, 502, 503 and 504, cut-off answers and the gateway's
// "downstream unavailable" (GGATEWAY_CODE_012) and "service time out"
// (GGATEWAY_CODE_902) codes.
//
// Writes (registration, adjustments, bonuses, locks, forced closes, order
// cancels, messages) are resent only when the server certainly did not act:
// the request never left the machine (dial or TLS failure), or the server
// refused it up front (HTTP 429 / GGATEWAY_CODE_018, or the gateway's
// GGATEWAY_CODE_012). When a write may have been carried out, the call fails
// with an *UnknownOutcomeError instead.
//
// Waits grow exponentially with full jitter; after a 429 the client waits at
// least until the rate-limit window resets (x-ratelimit-reset). The whole
// call stays within MaxElapsed and the caller's context.
type RetryPolicy struct {
	// MaxAttempts is the number of HTTP requests per call, retries included
	// (1 = no retries).
	MaxAttempts int
	// BaseDelay is the first retry's maximum wait.
	BaseDelay time.Duration
	// MaxDelay caps one wait.
	MaxDelay time.Duration
	// MaxElapsed caps the time a call spends in retries: a retry whose wait
	// would end past it is not made.
	MaxElapsed time.Duration
}

// DefaultRetryPolicy is used when WithRetryPolicy is not given.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, MaxElapsed: 90 * time.Second}

// NoRetries sends every request once.
var NoRetries = RetryPolicy{MaxAttempts: 1}

// WithRetryPolicy replaces DefaultRetryPolicy. Durations left zero take
// DefaultRetryPolicy's values, so RetryPolicy{MaxAttempts: 6} keeps the
// default backoff and time budget.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if p.MaxAttempts < 1 || p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxElapsed < 0 {
			return &ValidationError{Field: "WithRetryPolicy", Rule: "MaxAttempts ≥ 1 and no negative durations"}
		}
		if p.BaseDelay == 0 {
			p.BaseDelay = DefaultRetryPolicy.BaseDelay
		}
		if p.MaxDelay == 0 {
			p.MaxDelay = DefaultRetryPolicy.MaxDelay
		}
		if p.MaxElapsed == 0 {
			p.MaxElapsed = DefaultRetryPolicy.MaxElapsed
		}
		c.retry = p
		return nil
	}
}

// decide says whether to retry after a failed attempt, and after how long.
func (p RetryPolicy) decide(op *operation, res attemptResult, attempt, maxAttempts int, elapsed time.Duration) (time.Duration, bool) {
	if attempt >= maxAttempts || !p.retryable(op, res) {
		return 0, false
	}
	wait := p.backoff(attempt)
	if errors.Is(res.err, ErrRateLimited) {
		if rl := rateLimitOf(res.err); rl != nil && rl.Reset > wait {
			wait = rl.Reset
		}
	}
	if p.MaxElapsed > 0 && elapsed+wait > p.MaxElapsed {
		return 0, false
	}
	return wait, true
}

func (p RetryPolicy) retryable(op *operation, res attemptResult) bool {
	var terr *TransportError
	if errors.As(res.err, &terr) && (errors.Is(terr.Err, context.Canceled)) {
		return false // the caller gave up
	}
	if errors.Is(res.err, ErrValidation) {
		return false
	}
	if op.write() && res.sent && !res.refused && !IsCode(res.err, CodeGGATEWAY_CODE_012) {
		return false
	}
	switch {
	case errors.As(res.err, &terr):
		return true
	case errors.Is(res.err, ErrRateLimited), errors.Is(res.err, ErrServerUnavailable):
		return true
	}
	var rerr *ResponseError
	if errors.As(res.err, &rerr) {
		return rerr.Reason == "truncated body" || rerr.Reason == "truncated JSON"
	}
	return false
}

// backoff is the full-jitter wait before retry number attempt.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	if p.BaseDelay <= 0 {
		return 0
	}
	ceil := p.BaseDelay << (attempt - 1)
	if ceil <= 0 || (p.MaxDelay > 0 && ceil > p.MaxDelay) {
		ceil = p.MaxDelay
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

func rateLimitOf(err error) *RateLimit {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RateLimit
	}
	var rerr *ResponseError
	if errors.As(err, &rerr) {
		return rerr.RateLimit
	}
	return nil
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// WithRateLimit keeps the client within perMinute requests per minute on its
// own (a token bucket allowing bursts of burst requests), so a batch job
// stays under the server's limit instead of collecting 429s. Calls wait for
// their turn within their context. perMinute is at most 60000000000 (one
// request per nanosecond).
func WithRateLimit(perMinute, burst int) Option {
	return func(c *config) error {
		if perMinute <= 0 || burst <= 0 {
			return &ValidationError{Field: "WithRateLimit", Rule: "perMinute and burst must be positive"}
		}
		// A larger perMinute makes the interval zero, and the bucket would
		// earn NaN or infinite tokens (0/0) and spin.
		if int64(perMinute) > int64(time.Minute) {
			return &ValidationError{Field: "WithRateLimit", Rule: "perMinute at most 60000000000 (one request per nanosecond); leave WithRateLimit out for no limit"}
		}
		c.limiter = &limiter{interval: time.Minute / time.Duration(perMinute), burst: float64(burst), tokens: float64(burst)}
		return nil
	}
}

// limiter is a token bucket; a nil limiter never waits.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // time to earn one token
	burst    float64
	tokens   float64
	last     time.Time
}

func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	for {
		l.mu.Lock()
		now := time.Now()
		if !l.last.IsZero() {
			l.tokens += float64(now.Sub(l.last)) / float64(l.interval)
			if l.tokens > l.burst {
				l.tokens = l.burst
			}
		}
		l.last = now
		if l.tokens >= 1 {
			l.tokens--
			l.mu.Unlock()
			return nil
		}
		need := time.Duration((1 - l.tokens) * float64(l.interval))
		l.mu.Unlock()
		if err := sleepCtx(ctx, need); err != nil {
			return err
		}
	}
}
