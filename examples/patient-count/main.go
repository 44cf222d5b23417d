// Command patient-count keeps a census of the clinic's new patients and answers it to other
// plugins: the demo's Go plugin, on the Go SDK.
package main

import (
	"context"
	_ "embed"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	vivified "github.com/vivified/vivified/sdk/go"
)

//go:embed manifest.json
var manifestJSON []byte

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

	var census Census
	// Returning an error leaves the event for redelivery, then the dead-letter queue.
	plugin.On("UserCreated.v1", func(_ context.Context, event vivified.Event) error {
		var user NewUser
		if err := event.Decode(&user); err != nil {
			return err
		}
		slog.Info("census", "patients", census.Admit(user))
		return nil
	})

	// Called by other plugins (welcome-letters) through the operator lane; the platform signs every call.
	plugin.Expose("count", vivified.Operation(func(_ context.Context, _ struct{}, caller vivified.Caller) (map[string]any, error) {
		return map[string]any{"patients": census.Count(), "askedBy": caller.PluginID}, nil
	}))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := plugin.Run(ctx); err != nil {
		slog.Error("running", "error", err)
		os.Exit(1)
	}
}
