package vivified

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

var testManifest = Manifest{
	ID:         "sdk-caller",
	Events:     ManifestEvents{Publishes: []string{"UserCreated.v1"}, Subscribes: []string{"DocumentProcessed.v1"}},
	Operations: ManifestOperations{Exposes: map[string]ExposedOperation{"echo": {Method: "POST", Path: "/echo"}}, Calls: []string{"storage.getDocument"}},
}

func TestOnAndExposeRefuseWhatTheManifestDoesNotDeclare(t *testing.T) {
	p := pluginWith(t, &stubTransport{}, testManifest)
	mustPanic := func(name string, register func()) {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		register()
	}
	mustPanic("On", func() { p.On("UserCreated.v1", func(context.Context, Event) error { return nil }) })
	mustPanic("Expose", func() {
		p.Expose("secret", func(context.Context, json.RawMessage, Caller) (any, error) { return nil, nil })
	})
	p.On("DocumentProcessed.v1", func(context.Context, Event) error { return nil }).
		Expose("echo", func(context.Context, json.RawMessage, Caller) (any, error) { return nil, nil })
}

func TestPublishCallAndConfigSpeakTheLanes(t *testing.T) {
	// Prepare
	stub := &stubTransport{answer: func(request *http.Request) *http.Response {
		switch request.URL.Path {
		case "/v1/canonical/events":
			return answer(202, "application/json", `{"results":[{"id":"ev-1","type":"UserCreated.v1","status":"published","deliveredViews":["internal"]}]}`)
		case "/v1/self/config":
			return answer(200, "application/json", `{"values":{"region":"eu"},"secrets":["token"],"rev":3}`)
		default:
			return answer(200, "application/json", `{"documentId":"d-1"}`)
		}
	}}
	p := pluginWith(t, stub, testManifest)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	// Act
	published, publishErr := p.Publish(ctx, "UserCreated.v1", map[string]string{"userId": "u-1"})
	var document struct{ DocumentID string }
	callErr := p.Call(ctx, "storage", "getDocument", map[string]string{"documentId": "d-1"}, &document)
	emptyErr := p.Call(ctx, "storage", "getDocument", json.RawMessage(nil), nil)
	config, configErr := p.Config(ctx)
	var values struct{ Region string }

	// Assess
	if publishErr != nil || published.ID != "ev-1" || published.Status != "published" {
		t.Fatalf("publish: %+v %v", published, publishErr)
	}
	if stub.bodies[0] != `{"data":{"userId":"u-1"},"type":"UserCreated.v1"}` {
		t.Fatalf("published %s", stub.bodies[0])
	}
	if callErr != nil || document.DocumentID != "d-1" || stub.requests[1].URL.Path != "/v1/operator/storage/getDocument" {
		t.Fatalf("call: %+v %v %s", document, callErr, stub.requests[1].URL)
	}
	if timeout := stub.requests[1].Header.Get("X-Vivified-Timeout-Ms"); timeout == "" || len(timeout) > 4 {
		t.Fatalf("the call's timeout header is %q, want the context's remaining milliseconds", timeout)
	}
	if emptyErr != nil || stub.bodies[2] != "{}" {
		t.Fatalf("a call without a payload sent %q (%v)", stub.bodies[2], emptyErr)
	}
	if configErr != nil || config.Decode(&values) != nil || values.Region != "eu" || config.Secrets[0] != "token" || config.Rev != 3 {
		t.Fatalf("config: %+v %v", config, configErr)
	}
}

func TestRunRefusesEventHandlersWithoutAQueue(t *testing.T) {
	p := pluginWith(t, &stubTransport{}, testManifest)
	p.On("DocumentProcessed.v1", func(context.Context, Event) error { return nil })
	if err := p.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "VIVIFIED_QUEUE_URL") {
		t.Fatalf("got %v", err)
	}
}

func TestRunStopsWhenTheContextIsDone(t *testing.T) {
	p := pluginWith(t, &stubTransport{}, testManifest)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}
