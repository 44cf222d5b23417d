// Command probe is the Go plugin the SDK's integration test (sdk/go/test/plugin.test.ts) runs
// under `vivified dev`: a real process started by the platform's runtime, with the environment
// a Fargate task gets. Its operations let the test drive each lane from the outside and read
// back what the plugin saw, since the test cannot look inside the process.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	vivified "github.com/vivified/vivified/sdk/go"
)

// user is the part of UserCreated.v1 the probe reads.
type user struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
}

// seenEvent is what the probe tells the test about one delivery.
type seenEvent struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	TenantID string          `json:"tenantId"`
	Data     json.RawMessage `json:"data"`
	Redacted []string        `json:"redacted"`
}

// outcome is one lane's answer as the test reads it: the value, or the typed error's name and fields.
type outcome struct {
	Value  any    `json:"value,omitempty"`
	Error  string `json:"error,omitempty"`
	Status int    `json:"status,omitempty"`
	Code   string `json:"code,omitempty"`
	Rule   string `json:"rule,omitempty"`
	Detail string `json:"detail,omitempty"`
}

func outcomeOf(value any, err error) outcome {
	if err == nil {
		return outcome{Value: value}
	}
	result := outcome{Error: "error", Detail: err.Error()}
	var (
		egress *vivified.EgressDeniedError
		policy *vivified.PolicyDeniedError
		base   *vivified.PlatformError
	)
	switch {
	case errors.As(err, &egress):
		result.Error, result.Rule = "EgressDeniedError", egress.Rule
	case errors.As(err, &policy):
		result.Error = "PolicyDeniedError"
	case errors.As(err, &base):
		result.Error = "PlatformError"
	}
	if errors.As(err, &base) {
		result.Status, result.Code = base.Status, base.Code
	}
	return result
}

func main() {
	// The manifest's path is the one argument: the runtime hands a plugin no variables but its own.
	if len(os.Args) != 2 {
		slog.Error("usage: probe MANIFEST")
		os.Exit(2)
	}
	manifest, err := vivified.LoadManifest(os.Args[1])
	if err != nil {
		slog.Error("reading the manifest", "error", err)
		os.Exit(1)
	}
	plugin, err := vivified.New(manifest, vivified.WithPollWait(1))
	if err != nil {
		slog.Error("starting", "error", err)
		os.Exit(1)
	}

	var (
		mu       sync.Mutex
		seen     []seenEvent
		failedOn = map[string]bool{}
	)
	plugin.On("UserCreated.v1", func(ctx context.Context, event vivified.Event) error {
		var u user
		if err := event.Decode(&u); err != nil {
			return err
		}
		mu.Lock()
		seen = append(seen, seenEvent{ID: event.ID, Type: event.Type, TenantID: event.TenantID, Data: event.Data, Redacted: event.Redacted})
		failNow := strings.HasPrefix(u.UserID, "fail-once") && !failedOn[event.ID]
		failedOn[event.ID] = true
		mu.Unlock()
		if failNow {
			return fmt.Errorf("failing %s once, to be delivered again", event.ID)
		}
		// What the probe publishes in turn: a payment whose invoice is the event it handled.
		_, err := plugin.Publish(ctx, "PaymentReceived.v1", map[string]any{
			"paymentId":  "pay-" + u.UserID,
			"payerName":  u.Name,
			"amount":     map[string]string{"value": "12.50", "currency": "EUR"},
			"invoiceId":  event.ID,
			"receivedAt": "2026-11-24T10:00:00Z",
		})
		return err
	})

	plugin.Expose("describe", func(_ context.Context, payload json.RawMessage, caller vivified.Caller) (any, error) {
		return map[string]any{"payload": payload, "caller": caller}, nil
	})
	plugin.Expose("seen", func(context.Context, json.RawMessage, vivified.Caller) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return append([]seenEvent{}, seen...), nil
	})
	plugin.Expose("refuse", func(context.Context, json.RawMessage, vivified.Caller) (any, error) {
		return nil, &vivified.OperationError{Status: 409, Code: "already_filed", Message: "That document is filed already."}
	})
	plugin.Expose("callPeer", vivified.Operation(func(ctx context.Context, in struct {
		Plugin    string          `json:"plugin"`
		Operation string          `json:"operation"`
		Payload   json.RawMessage `json:"payload"`
	}, _ vivified.Caller) (outcome, error) {
		var answer json.RawMessage
		err := plugin.Call(ctx, in.Plugin, in.Operation, in.Payload, &answer)
		return outcomeOf(answer, err), nil
	}))
	plugin.Expose("fetch", vivified.Operation(func(ctx context.Context, in struct {
		URL           string `json:"url"`
		Authorization string `json:"authorization"`
	}, _ vivified.Caller) (outcome, error) {
		request, err := http.NewRequestWithContext(ctx, http.MethodPost, in.URL, strings.NewReader("hi"))
		if err != nil {
			return outcome{}, err
		}
		request.Header.Set("Authorization", in.Authorization)
		// The plain *http.Client path, as a library handed this client would use it.
		response, err := plugin.HTTPClient().Do(request)
		if err != nil {
			return outcomeOf(nil, err), nil
		}
		defer response.Body.Close()
		body, _ := io.ReadAll(response.Body)
		return outcomeOf(map[string]any{"status": response.StatusCode, "body": string(body)}, nil), nil
	}))
	plugin.Expose("config", func(ctx context.Context, _ json.RawMessage, _ vivified.Caller) (any, error) {
		config, err := plugin.Config(ctx)
		return outcomeOf(config, err), nil
	})
	plugin.Expose("renew", func(ctx context.Context, _ json.RawMessage, _ vivified.Caller) (any, error) {
		if err := plugin.RenewCredential(ctx); err != nil {
			return outcomeOf(nil, err), nil
		}
		// The fresh credential is the one the next call carries.
		config, err := plugin.Config(ctx)
		return outcomeOf(config.Rev, err), nil
	})

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := plugin.Run(ctx); err != nil {
		slog.Error("running", "error", err)
		os.Exit(1)
	}
	slog.Info("stopped cleanly")
}
