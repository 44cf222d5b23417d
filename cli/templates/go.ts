import type { PluginTemplate } from './template';

/**
 * A Go plugin on sdk/go, a module of its own that uses the SDK from this repository (`replace`).
 * `vivified dev` builds it and then runs the binary in the shell's place (`exec`), so SIGTERM
 * reaches the plugin itself and it stops gracefully.
 */
export const goTemplate: PluginTemplate = {
  language: 'go',
  sdk: { dir: 'sdk/go', entry: 'sdk/go' },
  importFrom: '.',
  localCommand: (dir) => ['sh', '-c', `cd ${dir} && go build -o bin/plugin . && exec bin/plugin`],
  files: ({ id, name, sdkImport }) => ({
    'go.mod': `module ${id}

go 1.24.0

require github.com/vivified/vivified/sdk/go v0.0.0

replace github.com/vivified/vivified/sdk/go => ${sdkImport}
`,
    '.gitignore': '/bin/\n',
    'main.go': `// Command ${id} is ${name}, a Vivified plugin on the Go SDK.
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

	// Returning an error leaves the event for redelivery, then the dead-letter queue. The
	// manifest's internal clearance means fields above it arrive removed.
	plugin.On("UserCreated.v1", func(_ context.Context, event vivified.Event) error {
		var user NewUser
		if err := event.Decode(&user); err != nil {
			return err
		}
		slog.Info(Summary(user))
		return nil
	})

	// Called by other plugins through the operator lane; the platform signs every call.
	plugin.Expose("describe", vivified.Operation(func(_ context.Context, _ struct{}, caller vivified.Caller) (map[string]string, error) {
		return map[string]string{"plugin": manifest.ID, "calledBy": caller.PluginID}, nil
	}))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := plugin.Run(ctx); err != nil {
		slog.Error("running", "error", err)
		os.Exit(1)
	}
}
`,
    'greeting.go': `package main

import (
	"fmt"
	"strings"
)

// NewUser is a new user as ${name} sees it: cleared for internal data only.
type NewUser struct {
	UserID string   \`json:"userId"\`
	Roles  []string \`json:"roles"\`
}

// Summary is the plugin's own logic, kept free of the SDK so it is tested on its own.
func Summary(user NewUser) string {
	line := fmt.Sprintf("${id}: new user %s", user.UserID)
	if len(user.Roles) > 0 {
		line += fmt.Sprintf(" (%s)", strings.Join(user.Roles, ", "))
	}
	return line
}
`,
    'greeting_test.go': `package main

import "testing"

func TestSummaryNamesTheUserAndTheirRoles(t *testing.T) {
	if got := Summary(NewUser{UserID: "u-1", Roles: []string{"patient"}}); got != "${id}: new user u-1 (patient)" {
		t.Errorf("got %q", got)
	}
	if got := Summary(NewUser{UserID: "u-2"}); got != "${id}: new user u-2" {
		t.Errorf("got %q", got)
	}
}
`,
  }),
  readme: ({ dir }) => `Run its test: \`cd ${dir} && go test ./...\`.`,
  // The module's go.sum and the SDK's requirements are resolved once, by the go command itself.
  afterWrite: ['go', 'mod', 'tidy'],
};
