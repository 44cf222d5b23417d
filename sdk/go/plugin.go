package vivified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Plugin is a Vivified plugin: the three lanes ([Plugin.Publish] and [Plugin.On] for canonical
// events, [Plugin.Call] and [Plugin.Expose] for operations, [Plugin.Fetch] for egress), its
// config, and its lifecycle. Register handlers, then [Plugin.Run] until the context is done.
type Plugin struct {
	manifest    Manifest
	environment Environment
	settings    settings
	client      *platformClient
	log         *slog.Logger
	replays     *replayCache

	mu         sync.Mutex
	events     map[string]EventHandler
	operations map[string]OperationHandler
	running    bool
}

// New makes a plugin for this manifest, in the environment the runtime gave the process.
func New(manifest Manifest, options ...Option) (*Plugin, error) {
	s := settings{pollWait: 20, replaySize: DefaultReplayCacheSize, replaySkew: DefaultReplaySkew}
	for _, option := range options {
		option(&s)
	}
	environment := Environment{}
	if s.environment != nil {
		environment = *s.environment
	} else {
		var err error
		if environment, err = EnvironmentFromOS(); err != nil {
			return nil, err
		}
	}
	if s.httpClient == nil {
		s.httpClient = &http.Client{Timeout: 60 * time.Second}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return &Plugin{
		manifest:    manifest,
		environment: environment,
		settings:    s,
		client:      &platformClient{apiURL: environment.APIURL, http: s.httpClient, credential: environment.Credential},
		log:         s.log.With("plugin", manifest.ID),
		replays:     newReplayCache(s.replaySize, s.replaySkew),
		events:      map[string]EventHandler{},
		operations:  map[string]OperationHandler{},
	}, nil
}

// Manifest is the manifest the plugin was made with.
func (p *Plugin) Manifest() Manifest { return p.manifest }

// Environment is where the plugin runs.
func (p *Plugin) Environment() Environment { return p.environment }

// On handles events of a type the manifest subscribes to. Like http.ServeMux.Handle, it panics on
// what can only be a programming error: a type not in events.subscribes, or a plugin already running.
func (p *Plugin) On(eventType string, handler EventHandler) *Plugin {
	if !slices.Contains(p.manifest.Events.Subscribes, eventType) {
		panic(fmt.Sprintf("%s does not subscribe to %s: declare it in events.subscribes", p.manifest.ID, eventType))
	}
	p.register(func() { p.events[eventType] = handler })
	return p
}

// Expose serves one of the operations the manifest exposes; it panics on an operation not in
// operations.exposes.
func (p *Plugin) Expose(operation string, handler OperationHandler) *Plugin {
	if _, ok := p.manifest.Operations.Exposes[operation]; !ok {
		panic(fmt.Sprintf("%s does not expose %s: declare it in operations.exposes", p.manifest.ID, operation))
	}
	p.register(func() { p.operations[operation] = handler })
	return p
}

func (p *Plugin) register(add func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running {
		panic("register handlers before Run")
	}
	add()
}

// PublishResult is what became of a published event: on the bus for each subscriber view
// (Status "published"), or not, and why (Status "failed", Reasons).
type PublishResult struct {
	ID             string   `json:"id"`
	Type           string   `json:"type"`
	Status         string   `json:"status"`
	DeliveredViews []string `json:"deliveredViews"`
	Reasons        []string `json:"reasons,omitempty"`
}

// Publish publishes one canonical event; the platform validates it against the type's schema,
// stamps it and routes a copy, redacted to each subscriber's clearance, to every subscriber.
func (p *Plugin) Publish(ctx context.Context, eventType string, data any) (PublishResult, error) {
	var answer struct {
		Results []PublishResult `json:"results"`
	}
	body := map[string]any{"type": eventType, "data": data}
	if err := p.client.do(ctx, http.MethodPost, "/v1/canonical/events", body, nil, &answer); err != nil {
		return PublishResult{}, err
	}
	if len(answer.Results) == 0 {
		return PublishResult{}, errors.New("the platform answered no result for the event")
	}
	return answer.Results[0], nil
}

// Call calls another plugin's operation through the operator lane and decodes its JSON answer
// into out (which may be nil). The context's deadline, if any, is the longest the caller waits
// for the other plugin, within the platform's maximum.
func (p *Plugin) Call(ctx context.Context, pluginID, operation string, payload, out any) error {
	// No payload is an empty object, as the Node SDK sends it: the target's input is always JSON.
	if raw, isRaw := payload.(json.RawMessage); payload == nil || (isRaw && len(raw) == 0) {
		payload = struct{}{}
	}
	headers := map[string]string{}
	if deadline, ok := ctx.Deadline(); ok {
		if remaining := time.Until(deadline).Milliseconds(); remaining > 0 {
			headers[headerTimeoutMs] = strconv.FormatInt(remaining, 10)
		}
	}
	path := "/v1/operator/" + url.PathEscape(pluginID) + "/" + url.PathEscape(operation)
	return p.client.do(ctx, http.MethodPost, path, payload, headers, out)
}

// Config is this installation's config: plain values, and its secrets by name only (their values
// stay in the platform and reach requests only through {{secret:name}} in the proxy lane).
type Config struct {
	Values  json.RawMessage `json:"values"`
	Secrets []string        `json:"secrets"`
	Rev     int             `json:"rev"`
}

// Decode reads the config's values into v, as json.Unmarshal does.
func (c Config) Decode(v any) error { return json.Unmarshal(c.Values, v) }

// Config reads this installation's config.
func (p *Plugin) Config(ctx context.Context) (Config, error) {
	var config Config
	err := p.client.do(ctx, http.MethodGet, "/v1/self/config", nil, nil, &config)
	return config, err
}

// Fetch sends one HTTPS request through the proxy lane and answers with the upstream's response.
// A request the platform will not send fails with an [*EgressDeniedError].
func (p *Plugin) Fetch(ctx context.Context, request *http.Request) (*http.Response, error) {
	return proxyTransport{p.client}.fetch(ctx, request)
}

// HTTPClient is an *http.Client whose transport is the proxy lane, for libraries that take one.
// Its errors wrap the lane's typed errors (errors.As finds an *EgressDeniedError).
func (p *Plugin) HTTPClient() *http.Client {
	return &http.Client{Transport: proxyTransport{p.client}, Timeout: p.settings.httpClient.Timeout}
}

// RenewCredential exchanges the credential for a fresh one now. Run already does this in the
// background before each credential expires; call it after a long suspension or to rotate on demand.
func (p *Plugin) RenewCredential(ctx context.Context) error { return p.client.renew(ctx) }

// Handler is the plugin's HTTP side, the health endpoint and the exposed operations, for a
// plugin that serves it itself; Run serves it on the runtime's port. It serves the operations
// exposed before it was called.
func (p *Plugin) Handler() http.Handler {
	keys := p.settings.keys
	if keys == nil {
		keys = newRemoteKeys(p.environment.APIURL, p.settings.httpClient)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return &operationServer{
		routes:     newRoutes(p.manifest.Operations.Exposes),
		handlers:   maps.Clone(p.operations),
		healthPath: p.manifest.healthPath(),
		health:     p.settings.health,
		verifier:   &operatorVerifier{installationID: p.environment.InstallationID, keys: keys, replays: p.replays, now: time.Now},
		log:        p.log,
	}
}

// Run serves health and the exposed operations on the runtime's port, consumes events, and
// renews the credential, until ctx is done (wire it to SIGTERM with signal.NotifyContext, as
// ECS and `vivified dev` stop a plugin with it). It then stops taking work, lets the events and
// calls in hand finish, and returns nil; it returns early with an error only when it cannot start.
func (p *Plugin) Run(ctx context.Context) error {
	p.mu.Lock()
	if p.running {
		p.mu.Unlock()
		return errors.New("the plugin is already running")
	}
	p.running = true
	p.mu.Unlock()

	consumer, err := p.consumer(ctx)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", fmt.Sprintf(":%d", p.environment.Port))
	if err != nil {
		return fmt.Errorf("listening on port %d: %w", p.environment.Port, err)
	}
	server := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	var background sync.WaitGroup
	work, stopWork := context.WithCancel(ctx)
	defer stopWork()
	background.Add(1)
	go func() {
		defer background.Done()
		p.client.keepRenewing(work, func(err error) { p.log.Error("credential renewal failed", "error", err) })
	}()
	if consumer != nil {
		background.Add(1)
		go func() {
			defer background.Done()
			consumer.run(work)
		}()
	}

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stopWork()
	background.Wait()
	// Calls in hand finish; the runtime's stop grace (SIGKILL after it) bounds how long.
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if shutdownErr := server.Shutdown(shutdown); shutdownErr != nil && err == nil {
		err = shutdownErr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// consumer is the event consumer, when the plugin handles events at all.
func (p *Plugin) consumer(ctx context.Context) (*eventConsumer, error) {
	p.mu.Lock()
	handlers := maps.Clone(p.events)
	p.mu.Unlock()
	if len(handlers) == 0 {
		return nil, nil
	}
	if p.environment.QueueURL == "" {
		return nil, errors.New("VIVIFIED_QUEUE_URL is not set, so events cannot be received")
	}
	queue := p.settings.queue
	if queue == nil {
		// The AWS SDK's default chain: the task role on ECS, the emulators' variables under
		// `vivified dev` (AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL, AWS_REGION).
		aws, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("configuring the AWS SDK: %w", err)
		}
		queue = sqs.NewFromConfig(aws)
	}
	return &eventConsumer{queue: queue, queueURL: p.environment.QueueURL, handlers: handlers, waitSeconds: p.settings.pollWait, log: p.log}, nil
}
