package vivified

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReplayCacheRefusesASecondUseUntilExpiryPlusSkew(t *testing.T) {
	// Prepare
	now := time.Unix(1_000_000, 0)
	cache := newReplayCache(10, 30*time.Second)
	expiry := now.Add(60 * time.Second)

	// Act, Assess
	if got := cache.admit("a", expiry, now); got != callAdmitted {
		t.Fatalf("first use = %v", got)
	}
	if got := cache.admit("a", expiry, now.Add(89*time.Second)); got != callReplayed {
		t.Fatalf("a second use within expiry plus skew = %v, want refused", got)
	}
	if got := cache.admit("b", now.Add(200*time.Second), now.Add(90*time.Second)); got != callAdmitted {
		t.Fatalf("another call = %v", got)
	}
	// "a" was forgotten once expiry plus skew passed: only "b" is held.
	if cache.size() != 1 {
		t.Fatalf("size = %d, want the expired call forgotten", cache.size())
	}
}

func TestReplayCacheIsBoundedAndFailsClosedWhenFullOfLiveCalls(t *testing.T) {
	// Prepare
	now := time.Unix(1_000_000, 0)
	cache := newReplayCache(3, 0)
	for i := range 3 {
		if cache.admit(fmt.Sprint(i), now.Add(time.Minute), now) != callAdmitted {
			t.Fatal("refused while there was room")
		}
	}

	// Act
	full := cache.admit("late", now.Add(time.Minute), now)
	// Ids remembered before stay remembered: flooding forgets none of them.
	replayed := cache.admit("0", now.Add(time.Minute), now)
	later := cache.admit("late", now.Add(2*time.Minute), now.Add(time.Minute))

	// Assess
	if full != callCacheFull || replayed != callReplayed {
		t.Fatalf("full = %v, replayed = %v", full, replayed)
	}
	if later != callAdmitted || cache.size() != 1 {
		t.Fatalf("after the live calls expired: %v with %d held", later, cache.size())
	}
}

func TestReplayCacheFindsExpiredCallsBehindALiveOne(t *testing.T) {
	// A signature from a platform container whose clock runs ahead expires after those behind it.
	now := time.Unix(1_000_000, 0)
	cache := newReplayCache(2, 0)
	cache.admit("long", now.Add(10*time.Minute), now)
	cache.admit("short", now.Add(time.Second), now)

	if got := cache.admit("next", now.Add(time.Minute), now.Add(2*time.Second)); got != callAdmitted {
		t.Fatalf("got %v, want the expired call behind the live one forgotten", got)
	}
	if cache.size() != 2 {
		t.Fatalf("size = %d", cache.size())
	}
}

func TestReplayCacheKeepsAnIdAdmittedAgainAfterTheClockSteppedBack(t *testing.T) {
	// Prepare: "a" expired behind a live call, and (the clock having stepped back) verified again.
	now := time.Unix(1_000_000, 0)
	cache := newReplayCache(3, 0)
	cache.admit("live", now.Add(time.Hour), now)
	cache.admit("a", now.Add(time.Second), now)
	if got := cache.admit("a", now.Add(time.Hour), now.Add(2*time.Second)); got != callAdmitted {
		t.Fatalf("got %v", got)
	}
	cache.admit("c", now.Add(time.Hour), now.Add(2*time.Second))

	// Act: a full cache sweeps, and meets the first entry of "a".
	full := cache.admit("d", now.Add(time.Hour), now.Add(3*time.Second))
	again := cache.admit("a", now.Add(time.Hour), now.Add(3*time.Second))

	// Assess: the sweep did not forget "a" with its old entry.
	if full != callCacheFull || again != callReplayed {
		t.Fatalf("full = %v, again = %v", full, again)
	}
}

func TestVerifyRefusesAReplayedSignature(t *testing.T) {
	// Prepare
	now := time.Now()
	signer := newTestSigner(t, "k1")
	verifier := verifierFor(signer, now)
	token := signer.sign(t, callClaims(target, body, now))
	if _, err := verifier.verify(context.Background(), token, body); err != nil {
		t.Fatalf("first use refused: %v", err)
	}

	// Act
	_, err := verifier.verify(context.Background(), token, body)

	// Assess
	if err == nil || !strings.Contains(err.Error(), "answered already") {
		t.Fatalf("replay = %v, want refused", err)
	}
	// A fresh signature for the same call (a new jti) is a new call.
	if _, err := verifier.verify(context.Background(), signer.sign(t, callClaims(target, body, now)), body); err != nil {
		t.Fatalf("a new signature refused: %v", err)
	}
}

func TestVerifyRefusesWhenTheReplayCacheIsFull(t *testing.T) {
	now := time.Now()
	signer := newTestSigner(t, "k1")
	verifier := verifierFor(signer, now)
	verifier.replays = newReplayCache(1, 0)
	if _, err := verifier.verify(context.Background(), signer.sign(t, callClaims(target, body, now)), body); err != nil {
		t.Fatal(err)
	}
	_, err := verifier.verify(context.Background(), signer.sign(t, callClaims(target, body, now)), body)
	if err == nil || !strings.Contains(err.Error(), "too many calls") {
		t.Fatalf("got %v, want refused", err)
	}
}

func TestPluginAnswersAReplayedCallWith401(t *testing.T) {
	// Prepare: one plugin, two handlers made from it share one memory of answered calls.
	signer := newTestSigner(t, "k1")
	plugin, err := New(Manifest{
		ID:         "target",
		Operations: ManifestOperations{Exposes: map[string]ExposedOperation{"getDocument": {Method: "POST", Path: "/documents"}}},
	}, WithEnvironment(Environment{InstallationID: target, APIURL: "http://platform.invalid"}),
		WithOperatorKeys(StaticKeys(signer.jwks())), WithReplayCache(100, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	plugin.Expose("getDocument", func(context.Context, json.RawMessage, Caller) (any, error) { return "ok", nil })
	token := signer.sign(t, callClaims(target, body, time.Now()))
	send := func(handler http.Handler) *httptest.ResponseRecorder {
		request := httptest.NewRequest(http.MethodPost, "/documents", strings.NewReader(string(body)))
		request.Header.Set(headerSignature, token)
		recorder := httptest.NewRecorder()
		handler.ServeHTTP(recorder, request)
		return recorder
	}

	// Act
	first := send(plugin.Handler())
	second := send(plugin.Handler())

	// Assess
	if first.Code != http.StatusOK {
		t.Fatalf("first = %d %s", first.Code, first.Body)
	}
	if second.Code != http.StatusUnauthorized || !strings.Contains(second.Body.String(), "answered already") {
		t.Fatalf("replay = %d %s", second.Code, second.Body)
	}
}
