package vivified

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

const target = "inst-target"

var body = []byte(`{"documentId":"d-1"}`)

func verifierFor(s testSigner, now time.Time) *operatorVerifier {
	return &operatorVerifier{
		installationID: target,
		keys:           StaticKeys(s.jwks()),
		replays:        newReplayCache(DefaultReplayCacheSize, DefaultReplaySkew),
		now:            func() time.Time { return now },
	}
}

func TestVerifyAcceptsThePlatformsSignature(t *testing.T) {
	// Prepare
	now := time.Now()
	signer := newTestSigner(t, "k1")
	token := signer.sign(t, callClaims(target, body, now))

	// Act
	caller, err := verifierFor(signer, now).verify(context.Background(), token, body)

	// Assess
	if err != nil {
		t.Fatalf("a good signature was refused: %v", err)
	}
	want := Caller{TenantID: "acme", PluginID: "storage-client", InstallationID: "inst-caller", Operation: "getDocument", TraceID: "trace-1"}
	if caller != want {
		t.Fatalf("caller = %+v, want %+v", caller, want)
	}
}

func TestVerifyRefuses(t *testing.T) {
	now := time.Now()
	signer := newTestSigner(t, "k1")
	other := newTestSigner(t, "k1")
	hmacKey := []byte(strings.Repeat("s", 32))
	rsaLike, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	claims := func(change func(*operatorClaims)) operatorClaims {
		c := callClaims(target, body, now)
		change(&c)
		return c
	}
	cases := []struct {
		name  string
		token string
		body  []byte
		want  string
	}{
		{"no signature", "", body, "not signed"},
		{"a signature for another installation", signer.sign(t, callClaims("inst-other", body, now)), body, "audience"},
		{"another issuer", signer.sign(t, claims(func(c *operatorClaims) { c.Issuer = "someone" })), body, "issuer"},
		{"an expired signature", signer.sign(t, callClaims(target, body, now.Add(-2*time.Minute))), body, "expired"},
		{"a signature not yet valid", signer.sign(t, claims(func(c *operatorClaims) { c.NotBefore = c.Expiry })), body, "not valid yet"},
		{"another body", signer.sign(t, callClaims(target, body, now)), []byte(`{"documentId":"d-2"}`), "body does not match"},
		{"HS256 with a shared secret", signer.signWith(t, jose.HS256, hmacKey, callClaims(target, body, now)), body, "not an ES256 JWT"},
		{"ES384", signer.signWith(t, jose.ES384, rsaLike, callClaims(target, body, now)), body, "not an ES256 JWT"},
		{"a key the platform does not publish", other.sign(t, callClaims(target, body, now)), body, "does not verify"},
		{"no caller claim", signer.sign(t, claims(func(c *operatorClaims) { c.Caller = "" })), body, `"vivified:caller"`},
		{"no body claim", signer.sign(t, claims(func(c *operatorClaims) { c.Body = "" })), body, `"vivified:body"`},
		{"no expiry", signer.sign(t, claims(func(c *operatorClaims) { c.Expiry = nil })), body, `"exp"`},
		{"no subject", signer.sign(t, claims(func(c *operatorClaims) { c.Subject = "" })), body, `"sub"`},
		{"no call id", signer.sign(t, claims(func(c *operatorClaims) { c.ID = "" })), body, `"jti"`},
		{"a call id longer than the platform's", signer.sign(t, claims(func(c *operatorClaims) { c.ID = strings.Repeat("j", 129) })), body, `"jti"`},
		{"garbage", "not.a.jwt", body, "not an ES256 JWT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := verifierFor(signer, now).verify(context.Background(), tc.token, tc.body)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("refused with %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestVerifyAllowsAnIssuedAtAMomentAhead(t *testing.T) {
	// The signer's clock may run a little ahead; jose (the Node SDK's verifier) does not refuse that.
	now := time.Now()
	signer := newTestSigner(t, "k1")
	token := signer.sign(t, callClaims(target, body, now.Add(2*time.Second)))
	if _, err := verifierFor(signer, now).verify(context.Background(), token, body); err != nil {
		t.Fatalf("refused: %v", err)
	}
}
