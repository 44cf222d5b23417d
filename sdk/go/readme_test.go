package vivified

import (
	"os"
	"strings"
	"testing"
)

// The README shows examples/notifier whole; this keeps the two the same, so the plugin a reader
// copies is the one the integration test runs.
func TestTheReadmeShowsTheExampleAsItIs(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for fence, path := range map[string]string{"```json\n": "examples/notifier/manifest.json", "```go\n": "examples/notifier/main.go"} {
		source, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), fence+string(source)+"```\n") {
			t.Errorf("README.md does not show %s as it is", path)
		}
	}
}
