package vivified

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Caller is who called an exposed operation, as the platform vouches for it.
type Caller struct {
	TenantID       string `json:"tenantId"`
	PluginID       string `json:"pluginId"`
	InstallationID string `json:"installationId"`
	Operation      string `json:"operation"`
	TraceID        string `json:"traceId"`
}

// operatorVerifier checks the platform's signature on an operator call: an ES256 JWT from the
// operator lane, addressed to this installation, bound to the exact body by its SHA-256. The
// plain x-vivified-caller headers are informative only; this is what a plugin may trust. The
// rules are sdk/node/src/operator-verify.ts's (jose's jwtVerify with issuer, audience,
// algorithms and required claims), done here with go-jose.
type operatorVerifier struct {
	installationID string
	keys           KeySet
	// Shared by every handler of the plugin: a signature is good for one call per process.
	replays *replayCache
	now     func() time.Time
}

var errUnsigned = errors.New("the call is not signed by the platform")

func (v *operatorVerifier) verify(ctx context.Context, signature string, body []byte) (Caller, error) {
	if signature == "" {
		return Caller{}, errUnsigned
	}
	// Only ES256 parses: a token naming any other algorithm ("none", HS256 with the public key as
	// the secret) is refused before a key is looked at.
	token, err := jwt.ParseSigned(signature, []jose.SignatureAlgorithm{operatorCallAlgorithm})
	if err != nil {
		return Caller{}, fmt.Errorf("the signature is not an ES256 JWT: %w", err)
	}
	keys, err := v.keys.Keys(ctx, token.Headers[0].KeyID)
	if err != nil {
		return Caller{}, err
	}
	var (
		standard jwt.Claims
		custom   struct {
			Tenant    string `json:"vivified:tenant"`
			Caller    string `json:"vivified:caller"`
			Operation string `json:"vivified:operation"`
			Trace     string `json:"vivified:trace"`
			Body      string `json:"vivified:body"`
		}
		present map[string]any
	)
	verified := false
	for _, key := range keys {
		if token.Claims(key.Public(), &standard, &custom, &present) == nil {
			verified = true
			break
		}
	}
	if !verified {
		return Caller{}, errors.New("the signature does not verify against the platform's operator keys")
	}
	err = standard.ValidateWithLeeway(jwt.Expected{
		Issuer:      operatorCallIssuer,
		AnyAudience: jwt.Audience{operatorCallAudience(v.installationID)},
		Time:        v.now(),
	}, 0)
	// jose, which the Node SDK and the platform verify with, does not refuse an iat in the
	// future; go-jose does, last of its checks. Between two machines' clocks a call signed in the
	// same second can look a few milliseconds early, so this check is the one not kept.
	if err != nil && !errors.Is(err, jwt.ErrIssuedInTheFuture) {
		return Caller{}, fmt.Errorf("the signature is not valid for this installation: %w", err)
	}
	for _, claim := range requiredOperatorClaims {
		if _, ok := present[claim]; !ok {
			return Caller{}, fmt.Errorf("the signature lacks the %q claim", claim)
		}
	}
	if custom.Body != operatorCallBodyDigest(body) {
		return Caller{}, errors.New("the body does not match the platform's signature")
	}
	// Last, once everything else verified: only the platform's own signatures take up room.
	if len(standard.ID) == 0 || len(standard.ID) > maxCallIDLength {
		return Caller{}, errors.New("the signature's \"jti\" claim is not a call id")
	}
	switch v.replays.admit(standard.ID, standard.Expiry.Time(), v.now()) {
	case callReplayed:
		return Caller{}, errors.New("the call was answered already: a platform signature is good for one call")
	case callCacheFull:
		return Caller{}, errors.New("too many calls within a signature's lifetime to rule out a replay: try again")
	}
	return Caller{
		TenantID:       custom.Tenant,
		PluginID:       custom.Caller,
		InstallationID: standard.Subject,
		Operation:      custom.Operation,
		TraceID:        custom.Trace,
	}, nil
}
