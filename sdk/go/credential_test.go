package vivified

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

func TestTheCredentialIsRenewedAtFourFifthsOfItsLifetime(t *testing.T) {
	signer := newTestSigner(t, "k1")
	issued := time.Now().Truncate(time.Second)
	credential := signer.signWith(t, jose.ES256, signer.key, jwt.Claims{IssuedAt: jwt.NewNumericDate(issued), Expiry: jwt.NewNumericDate(issued.Add(time.Hour))})
	wait, ok, err := renewalDue(credential, issued)
	if !ok || err != nil || wait != 48*time.Minute {
		t.Fatalf("due in %v (%v, %v)", wait, ok, err)
	}
	if wait, _, _ := renewalDue(credential, issued.Add(2*time.Hour)); wait != time.Second {
		t.Fatalf("an overdue renewal waits %v", wait)
	}
	if _, ok, err := renewalDue("opaque", issued); ok || err == nil {
		t.Fatal("an opaque credential was scheduled, or passed over in silence")
	}
}

func TestTheCredentialIsRenewedInTheBackgroundAndThenUsed(t *testing.T) {
	// Prepare: a credential that is due for renewal at once (the loop waits its one-second minimum).
	signer := newTestSigner(t, "k1")
	now := time.Now()
	first := signer.signWith(t, jose.ES256, signer.key, jwt.Claims{IssuedAt: jwt.NewNumericDate(now.Add(-time.Hour)), Expiry: jwt.NewNumericDate(now.Add(time.Minute))})
	stub := &stubTransport{answer: func(request *http.Request) *http.Response {
		if request.URL.Path == "/v1/self/credential" {
			return answer(200, "application/json", `{"credential":"opaque-fresh","expiresAt":"2026-12-01T00:00:00Z"}`)
		}
		return answer(200, "application/json", `{}`)
	}}
	client := &platformClient{apiURL: "http://platform", http: stub.client(), credential: first}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var failures []error

	// Act
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.keepRenewing(ctx, func(err error) { failures = append(failures, err) })
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("no renewal within five seconds")
	}

	// Assess: renewed with the old credential, the fresh one in use; an opaque one is not scheduled, and says so.
	if got := stub.requests[0].Header.Get("Authorization"); got != "Bearer "+first {
		t.Fatalf("renewed with %q", got)
	}
	if client.currentCredential() != "opaque-fresh" || len(failures) != 1 {
		t.Fatalf("credential %q, failures %v", client.currentCredential(), failures)
	}
}
