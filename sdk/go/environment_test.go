package vivified

import (
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
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

func TestTheCredentialIsRenewedAtFourFifthsOfItsLifetime(t *testing.T) {
	signer := newTestSigner(t, "k1")
	issued := time.Now().Truncate(time.Second)
	credential := signer.signWith(t, jose.ES256, signer.key, jwt.Claims{IssuedAt: jwt.NewNumericDate(issued), Expiry: jwt.NewNumericDate(issued.Add(time.Hour))})
	wait, ok := renewalDue(credential, issued)
	if !ok || wait != 48*time.Minute {
		t.Fatalf("due in %v (%v)", wait, ok)
	}
	if wait, _ := renewalDue(credential, issued.Add(2*time.Hour)); wait != time.Second {
		t.Fatalf("an overdue renewal waits %v", wait)
	}
	if _, ok := renewalDue("opaque", issued); ok {
		t.Fatal("an opaque credential was scheduled")
	}
}
