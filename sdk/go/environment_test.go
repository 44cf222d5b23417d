package vivified

import (
	"strings"
	"testing"
)

func TestEnvironmentFromOSReadsWhatTheRuntimeGives(t *testing.T) {
	t.Setenv("VIVIFIED_API_URL", "http://127.0.0.1:4000")
	t.Setenv("VIVIFIED_CREDENTIAL", "cred")
	t.Setenv("VIVIFIED_INSTALLATION_ID", "inst-1")
	t.Setenv("VIVIFIED_QUEUE_URL", "http://queue")
	t.Setenv("PORT", "9001")
	t.Setenv("VIVIFIED_PORT", "9002")
	env, err := EnvironmentFromOS()
	if err != nil || env != (Environment{APIURL: "http://127.0.0.1:4000", Credential: "cred", InstallationID: "inst-1", QueueURL: "http://queue", Port: 9002}) {
		t.Fatalf("%+v %v", env, err)
	}
	t.Setenv("VIVIFIED_PORT", "")
	if env, _ := EnvironmentFromOS(); env.Port != 9001 {
		t.Fatalf("PORT not read: %d", env.Port)
	}
	t.Setenv("PORT", "")
	if env, _ := EnvironmentFromOS(); env.Port != 8080 {
		t.Fatalf("default port %d", env.Port)
	}
	t.Setenv("VIVIFIED_CREDENTIAL", "")
	if _, err := EnvironmentFromOS(); err == nil || !strings.Contains(err.Error(), "VIVIFIED_CREDENTIAL") {
		t.Fatalf("got %v", err)
	}
}
