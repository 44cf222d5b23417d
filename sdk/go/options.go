package vivified

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Option changes how [New] builds a plugin; the defaults are what a deployed plugin wants.
type Option func(*settings)

type settings struct {
	environment *Environment
	health      func(context.Context) bool
	pollWait    int32
	keys        KeySet
	queue       QueueClient
	httpClient  *http.Client
	log         *slog.Logger
	replaySize  int
	replaySkew  time.Duration
}

// WithEnvironment replaces the environment read from the process (tests).
func WithEnvironment(environment Environment) Option {
	return func(s *settings) { s.environment = &environment }
}

// WithHealth adds a health check beyond "the process answers": false answers 503.
func WithHealth(check func(ctx context.Context) bool) Option {
	return func(s *settings) { s.health = check }
}

// WithPollWait sets the long-poll wait of the event queue in seconds (default 20, at most 20).
func WithPollWait(seconds int) Option {
	return func(s *settings) { s.pollWait = int32(min(max(seconds, 0), 20)) }
}

// WithOperatorKeys verifies operator calls against these keys instead of the platform's
// published JWKS (tests).
func WithOperatorKeys(keys KeySet) Option {
	return func(s *settings) { s.keys = keys }
}

// WithSQSClient hands in the client events are received with (an *sqs.Client); by default one
// is made from the AWS SDK's default configuration.
func WithSQSClient(client QueueClient) Option {
	return func(s *settings) { s.queue = client }
}

// WithHTTPClient sets the client the platform's API is reached with (default: a 60-second timeout).
func WithHTTPClient(client *http.Client) Option {
	return func(s *settings) { s.httpClient = client }
}

// WithLogger sets where problems the plugin cannot hand back to a caller are reported
// (default slog.Default()).
func WithLogger(log *slog.Logger) Option {
	return func(s *settings) { s.log = log }
}

// WithReplayCache sizes the per-process memory of answered operator calls: at most size calls,
// each kept until its signature's expiry plus skew (defaults DefaultReplayCacheSize and
// DefaultReplaySkew). A call whose signature was used before is refused with 401; so is every
// call while size calls are still live, until the oldest expire.
func WithReplayCache(size int, skew time.Duration) Option {
	return func(s *settings) { s.replaySize, s.replaySkew = max(size, 1), max(skew, 0) }
}
