package vivified

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// testSigner signs operator calls the way the platform does (adapters/identity/operator-signing.ts),
// with go-jose, so the verifier is tested against tokens it did not make itself.
type testSigner struct {
	kid string
	key *ecdsa.PrivateKey
}

func newTestSigner(t *testing.T, kid string) testSigner {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testSigner{kid: kid, key: key}
}

func (s testSigner) jwks() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &s.key.PublicKey, KeyID: s.kid, Algorithm: "ES256", Use: "sig"}}}
}

// operatorClaims are a call's claims; tests change one thing at a time.
type operatorClaims struct {
	jwt.Claims
	Tenant    string `json:"vivified:tenant,omitempty"`
	Caller    string `json:"vivified:caller,omitempty"`
	Operation string `json:"vivified:operation,omitempty"`
	Trace     string `json:"vivified:trace,omitempty"`
	Body      string `json:"vivified:body,omitempty"`
}

func callClaims(targetInstallation string, body []byte, now time.Time) operatorClaims {
	return operatorClaims{
		Claims: jwt.Claims{
			Issuer:   operatorCallIssuer,
			Subject:  "inst-caller",
			Audience: jwt.Audience{operatorCallAudience(targetInstallation)},
			ID:       rand.Text(),
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(60 * time.Second)),
		},
		Tenant:    "acme",
		Caller:    "storage-client",
		Operation: "getDocument",
		Trace:     "trace-1",
		Body:      operatorCallBodyDigest(body),
	}
}

func (s testSigner) sign(t *testing.T, claims any) string {
	t.Helper()
	return s.signWith(t, jose.ES256, s.key, claims)
}

func (s testSigner) signWith(t *testing.T, algorithm jose.SignatureAlgorithm, key any, claims any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: algorithm, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", s.kid))
	if err != nil {
		t.Fatal(err)
	}
	token, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}
