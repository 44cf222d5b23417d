// Command conformance is the Go SDK's conformance plugin (test/conformance/README.md says what
// every SDK's does). The runtime starts it with the manifest's path as its one argument.
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

// delivery is what the plugin tells the test about one delivery.
type delivery struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	TenantID string          `json:"tenantId"`
	Data     json.RawMessage `json:"data"`
	Redacted []string        `json:"redacted"`
	Delivery int             `json:"delivery"`
}

// outcome is a lane's answer as the test reads it: the value, or the typed error's name and fields.
type outcome struct {
	Value  any    `json:"value,omitempty"`
	Error  string `json:"error,omitempty"`
	Status int    `json:"status,omitempty"`
	Code   string `json:"code,omitempty"`
	Detail string `json:"detail,omitempty"`
}

func outcomeOf(value any, err error) (outcome, error) {
	if err == nil {
		return outcome{Value: value}, nil
	}
	var (
		egress *vivified.EgressDeniedError
		policy *vivified.PolicyDeniedError
		base   *vivified.PlatformError
	)
	if !errors.As(err, &base) {
		return outcome{}, err
	}
	result := outcome{Error: "PlatformError", Status: base.Status, Code: base.Code, Detail: err.Error()}
	switch {
	case errors.As(err, &egress):
		result.Error = "EgressDeniedError"
	case errors.As(err, &policy):
		result.Error = "PolicyDeniedError"
	}
	return result, nil
}

func main() {
	if len(os.Args) != 2 {
		slog.Error("usage: conformance MANIFEST")
		os.Exit(2)
	}
	manifest, err := vivified.LoadManifest(os.Args[1])
	if err != nil {
		slog.Error("reading the manifest", "error", err)
		os.Exit(1)
	}
	plugin, err := vivified.New(manifest, vivified.WithPollWait(2))
	if err != nil {
		slog.Error("starting", "error", err)
		os.Exit(1)
	}
	id := manifest.ID

	var (
		mu         sync.Mutex
		seen       []delivery
		deliveries = map[string]int{}
	)
	plugin.On("UserCreated.v1", func(ctx context.Context, event vivified.Event) error {
		var user struct {
			UserID string `json:"userId"`
			Name   string `json:"name"`
		}
		if err := event.Decode(&user); err != nil {
			return err
		}
		mu.Lock()
		deliveries[event.ID]++
		count := deliveries[event.ID]
		seen = append(seen, delivery{ID: event.ID, Type: event.Type, TenantID: event.TenantID, Data: event.Data, Redacted: event.Redacted, Delivery: count})
		mu.Unlock()
		if strings.HasPrefix(user.UserID, "fail-twice-"+id+"-") && count <= 2 {
			// Returning an error leaves the event on the queue: the SDK makes it visible again after a backoff.
			return fmt.Errorf("failing %s on purpose", event.ID)
		}
		if user.Name == "" {
			user.Name = "unknown"
		}
		_, err := plugin.Publish(ctx, "PaymentReceived.v1", map[string]any{
			"paymentId":  id + "/" + user.UserID,
			"payerName":  user.Name,
			"amount":     map[string]string{"value": "12.50", "currency": "EUR"},
			"invoiceId":  event.ID,
			"receivedAt": "2026-11-24T10:00:00Z",
			"memo":       "from " + id,
		})
		return err
	})

	plugin.Expose("echo", func(_ context.Context, payload json.RawMessage, caller vivified.Caller) (any, error) {
		return map[string]any{"payload": payload, "caller": caller}, nil
	})
	plugin.Expose("seen", func(context.Context, json.RawMessage, vivified.Caller) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return append([]delivery{}, seen...), nil
	})
	plugin.Expose("callPeer", vivified.Operation(func(ctx context.Context, in struct {
		Plugin    string          `json:"plugin"`
		Operation string          `json:"operation"`
		Payload   json.RawMessage `json:"payload"`
	}, _ vivified.Caller) (outcome, error) {
		var answer json.RawMessage
		return outcomeOf(&answer, plugin.Call(ctx, in.Plugin, in.Operation, in.Payload, &answer))
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
		response, err := plugin.Fetch(ctx, request)
		if err != nil {
			return outcomeOf(nil, err)
		}
		defer response.Body.Close()
		body, err := io.ReadAll(response.Body)
		return outcomeOf(map[string]any{"status": response.StatusCode, "body": string(body)}, err)
	}))
	plugin.Expose("config", func(ctx context.Context, _ json.RawMessage, _ vivified.Caller) (any, error) {
		return outcomeOf(plugin.Config(ctx))
	})
	plugin.Expose("renew", func(ctx context.Context, _ json.RawMessage, _ vivified.Caller) (any, error) {
		if err := plugin.RenewCredential(ctx); err != nil {
			return outcomeOf(nil, err)
		}
		// The fresh credential is the one this call carries.
		return outcomeOf(plugin.Config(ctx))
	})

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := plugin.Run(ctx); err != nil {
		slog.Error("running", "error", err)
		os.Exit(1)
	}
}
