package vivified

import (
	"encoding/json"
	"fmt"
	"os"
)

// Manifest is the part of a plugin manifest the SDK acts on; the platform validates the whole
// document when it is registered (schemas/manifest.schema.json).
type Manifest struct {
	ID         string             `json:"id"`
	Version    string             `json:"version"`
	Runtime    ManifestRuntime    `json:"runtime"`
	Events     ManifestEvents     `json:"events"`
	Operations ManifestOperations `json:"operations"`
}

// ManifestRuntime is where the plugin serves its health endpoint.
type ManifestRuntime struct {
	HealthPath string `json:"health_path,omitempty"`
	Port       int    `json:"port,omitempty"`
}

// ManifestEvents are the canonical types the plugin publishes and subscribes to.
type ManifestEvents struct {
	Publishes  []string `json:"publishes,omitempty"`
	Subscribes []string `json:"subscribes,omitempty"`
}

// ManifestOperations are the operations the plugin serves, by name, and those it calls
// ("plugin.operation").
type ManifestOperations struct {
	Exposes map[string]ExposedOperation `json:"exposes,omitempty"`
	Calls   []string                    `json:"calls,omitempty"`
}

// ExposedOperation is an operation as the manifest declares it.
type ExposedOperation struct {
	Method             string `json:"method"`
	Path               string `json:"path"`
	DataClassification string `json:"data_classification,omitempty"`
}

// ParseManifest reads a manifest.json, typically one embedded with //go:embed.
func ParseManifest(document []byte) (Manifest, error) {
	var manifest Manifest
	if err := json.Unmarshal(document, &manifest); err != nil {
		return Manifest{}, fmt.Errorf("the manifest is not valid JSON: %w", err)
	}
	if manifest.ID == "" {
		return Manifest{}, fmt.Errorf("the manifest has no id")
	}
	return manifest, nil
}

// LoadManifest reads a manifest.json from a file.
func LoadManifest(path string) (Manifest, error) {
	document, err := os.ReadFile(path)
	if err != nil {
		return Manifest{}, err
	}
	return ParseManifest(document)
}

func (m Manifest) healthPath() string {
	if m.Runtime.HealthPath != "" {
		return m.Runtime.HealthPath
	}
	return "/health"
}
