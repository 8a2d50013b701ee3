package mmotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// Metric names. Durations are histograms in seconds with the bucket
// boundaries OpenTelemetry's HTTP conventions recommend.
const (
	MetricCallDuration       = "multimarkets.client.call.duration"        // s; operation, outcome, error.type
	MetricAttemptDuration    = "multimarkets.client.attempt.duration"     // s; operation, http.response.status_code, error.type
	MetricAttempts           = "multimarkets.client.attempts"             // {attempt}; operation, http.response.status_code, error.type
	MetricRetries            = "multimarkets.client.retries"              // {retry}; operation, error.type (why)
	MetricRateLimited        = "multimarkets.client.rate_limited"         // {response}; operation
	MetricRateLimitRemaining = "multimarkets.client.rate_limit.remaining" // {request} gauge; operation
	MetricTokenRenewals      = "multimarkets.client.token.renewals"       // {renewal}; outcome
	MetricPushConnects       = "multimarkets.push.connects"               // {connection}
	MetricPushReconnects     = "multimarkets.push.reconnects"             // {reconnect}
	MetricPushAuthFailures   = "multimarkets.push.auth_failures"          // {rejection}
	MetricPushGroupConflicts = "multimarkets.push.group_conflicts"        // {conflict}
	MetricPushEvents         = "multimarkets.push.events"                 // {event}; event_type
	MetricPushDuplicates     = "multimarkets.push.duplicates"             // {event}; event_type
	MetricPushHandlerDur     = "multimarkets.push.handler.duration"       // s; event_type, error.type
	MetricPushHandlerLag     = "multimarkets.push.handler.lag"            // s; event_type
	MetricWebhookDuration    = "multimarkets.webhook.duration"            // s; webhook.type, webhook.code
	MetricWebhookRepeats     = "multimarkets.webhook.repeats"             // {request}; webhook.type, webhook.code
	MetricWebhookLeaseBusy   = "multimarkets.webhook.lease_busy"          // {request}; wallet.record_state
)

// durationBuckets are OpenTelemetry's recommended boundaries for HTTP
// durations in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

type instruments struct {
	callDuration, attemptDuration, handlerDuration, handlerLag, webhookDuration metric.Float64Histogram
	attempts, retries, rateLimited, renewals                                    metric.Int64Counter
	connects, reconnects, authFailures, groupConflicts, events, duplicates      metric.Int64Counter
	repeats, leaseBusy                                                          metric.Int64Counter
	rateRemaining                                                               metric.Int64Gauge
}

func (m *instruments) init(meter metric.Meter) {
	hist := func(name, desc string) metric.Float64Histogram {
		h, err := meter.Float64Histogram(name, metric.WithUnit("s"), metric.WithDescription(desc),
			metric.WithExplicitBucketBoundaries(durationBuckets...))
		if err != nil {
			otel.Handle(err)
			h, _ = noop.NewMeterProvider().Meter("").Float64Histogram(name)
		}
		return h
	}
	count := func(name, unit, desc string) metric.Int64Counter {
		c, err := meter.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if err != nil {
			otel.Handle(err)
			c, _ = noop.NewMeterProvider().Meter("").Int64Counter(name)
		}
		return c
	}
	m.callDuration = hist(MetricCallDuration, "Duration of MultiMarkets API calls, retries and waits included.")
	m.attemptDuration = hist(MetricAttemptDuration, "Duration of single HTTP requests to the MultiMarkets API.")
	m.handlerDuration = hist(MetricPushHandlerDur, "Time the data-push handler took per event.")
	m.handlerLag = hist(MetricPushHandlerLag, "Time data-push events waited between being read and being handled.")
	m.webhookDuration = hist(MetricWebhookDuration, "Time from a webhook request's arrival to its answer.")
	m.attempts = count(MetricAttempts, "{attempt}", "HTTP requests sent to the MultiMarkets API.")
	m.retries = count(MetricRetries, "{retry}", "HTTP requests the client decided to send again.")
	m.rateLimited = count(MetricRateLimited, "{response}", "Answers refusing a request for the rate limit (HTTP 429, GGATEWAY_CODE_018).")
	m.renewals = count(MetricTokenRenewals, "{renewal}", "Token renewals after the server refused a token as expired.")
	m.connects = count(MetricPushConnects, "{connection}", "Successful data-push handshakes.")
	m.reconnects = count(MetricPushReconnects, "{reconnect}", "Data-push reconnection waits after a failed attempt or an ended session.")
	m.authFailures = count(MetricPushAuthFailures, "{rejection}", "Data-push token rejections.")
	m.groupConflicts = count(MetricPushGroupConflicts, "{conflict}", "Data-push subscribers stopped because another connection uses their group.")
	m.events = count(MetricPushEvents, "{event}", "Data-push events read, duplicates included.")
	m.duplicates = count(MetricPushDuplicates, "{event}", "Data-push events suppressed as duplicates.")
	m.repeats = count(MetricWebhookRepeats, "{request}", "Webhook requests answered from the record of an earlier one.")
	m.leaseBusy = count(MetricWebhookLeaseBusy, "{request}", "Wallet webhook requests answered busy because another handler instance holds the record.")
	g, err := meter.Int64Gauge(MetricRateLimitRemaining, metric.WithUnit("{request}"),
		metric.WithDescription("Requests left in the rate-limit window, as the last answer for the operation reported."))
	if err != nil {
		otel.Handle(err)
		g, _ = noop.NewMeterProvider().Meter("").Int64Gauge(MetricRateLimitRemaining)
	}
	m.rateRemaining = g
}
