package vivified

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestRemoteKeysRefetchesOnAnUnknownKeyIDAfterTheCooldown(t *testing.T) {
	// Prepare: the platform publishes k1, then rotates to k2.
	first, second := newTestSigner(t, "k1"), newTestSigner(t, "k2")
	published := first
	stub := &stubTransport{answer: func(*http.Request) *http.Response {
		set, _ := json.Marshal(published.jwks())
		return answer(200, "application/json", string(set))
	}}
	now := time.Now()
	keys := newRemoteKeys("http://platform", stub.client())
	keys.now = func() time.Time { return now }

	// Act and assess
	if found, err := keys.Keys(context.Background(), "k1"); err != nil || len(found) != 1 {
		t.Fatalf("k1: %v, %v", found, err)
	}
	published = second
	if found, _ := keys.Keys(context.Background(), "k2"); len(found) != 0 {
		t.Fatal("refetched within the cooldown")
	}
	now = now.Add(operatorKeysCooldown + time.Second)
	if found, err := keys.Keys(context.Background(), "k2"); err != nil || len(found) != 1 {
		t.Fatalf("k2 after the cooldown: %v, %v", found, err)
	}
	if found, _ := keys.Keys(context.Background(), "k2"); len(found) != 1 || len(stub.requests) != 2 {
		t.Fatalf("a known key was refetched: %d fetches", len(stub.requests))
	}
	if got := stub.requests[0].URL.String(); got != "http://platform/v1/keys/operator" {
		t.Fatalf("fetched %s", got)
	}
}

func TestRemoteKeysRefetchesAStaleSet(t *testing.T) {
	signer := newTestSigner(t, "k1")
	stub := &stubTransport{answer: func(*http.Request) *http.Response {
		set, _ := json.Marshal(signer.jwks())
		return answer(200, "application/json", string(set))
	}}
	now := time.Now()
	keys := newRemoteKeys("http://platform", stub.client())
	keys.now = func() time.Time { return now }
	_, _ = keys.Keys(context.Background(), "k1")
	now = now.Add(operatorKeysMaxAge + time.Second)
	_, _ = keys.Keys(context.Background(), "k1")
	if len(stub.requests) != 2 {
		t.Fatalf("%d fetches, want 2", len(stub.requests))
	}
}

func TestRemoteKeysReportsAFailedFetch(t *testing.T) {
	stub := &stubTransport{answer: func(*http.Request) *http.Response { return answer(503, "text/plain", "down") }}
	if _, err := newRemoteKeys("http://platform", stub.client()).Keys(context.Background(), "k1"); err == nil {
		t.Fatal("no error")
	}
}
