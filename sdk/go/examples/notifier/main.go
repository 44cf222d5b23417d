// Command notifier welcomes every new user by mail, through the platform's proxy lane.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	vivified "github.com/vivified/vivified/sdk/go"
)

//go:embed manifest.json
var manifestJSON []byte

type userCreated struct {
	UserID string `json:"userId"`
	Email  string `json:"email"`
	Name   string `json:"name"`
}

type settings struct {
	Sender    string `json:"sender"`
	MailerURL string `json:"mailerUrl"`
}

func main() {
	manifest, err := vivified.ParseManifest(manifestJSON)
	if err != nil {
		slog.Error("reading the manifest", "error", err)
		os.Exit(1)
	}
	plugin, err := vivified.New(manifest)
	if err != nil {
		slog.Error("starting", "error", err)
		os.Exit(1)
	}
	var welcomed atomic.Int64

	plugin.On("UserCreated.v1", func(ctx context.Context, event vivified.Event) error {
		var user userCreated
		if err := event.Decode(&user); err != nil {
			return err
		}
		config, err := plugin.Config(ctx)
		if err != nil {
			return err
		}
		values := settings{MailerURL: "https://api.mailer.example/v1/messages"}
		if err := config.Decode(&values); err != nil {
			return err
		}
		message, _ := json.Marshal(map[string]string{"from": values.Sender, "to": user.Email, "subject": "Welcome"})
		request, err := http.NewRequestWithContext(ctx, http.MethodPost, values.MailerURL, bytes.NewReader(message))
		if err != nil {
			return err
		}
		request.Header.Set("Content-Type", "application/json")
		// The token never enters this process: the proxy lane replaces the reference on the way out.
		request.Header.Set("Authorization", "Bearer {{secret:apiToken}}")
		response, err := plugin.HTTPClient().Do(request)
		if err != nil {
			return err
		}
		defer response.Body.Close()
		// Returning an error leaves the event on the queue: it is retried, then kept in the dead-letter queue.
		if response.StatusCode >= 300 {
			return fmt.Errorf("the mail API answered %d", response.StatusCode)
		}
		welcomed.Add(1)
		return nil
	})

	plugin.Expose("welcomed", vivified.Operation(func(_ context.Context, _ struct{}, caller vivified.Caller) (map[string]any, error) {
		// caller is what the platform signed: tenant, calling plugin and installation, trace id.
		return map[string]any{"welcomed": welcomed.Load(), "askedBy": caller.PluginID}, nil
	}))

	// ECS and `vivified dev` stop a plugin with SIGTERM: Run then finishes the work in hand and returns.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := plugin.Run(ctx); err != nil {
		slog.Error("running", "error", err)
		os.Exit(1)
	}
}
