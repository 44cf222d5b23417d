package vivified

import (
	"crypto/sha256"
	"encoding/base64"
)

// A signed operator call as both of its ends spell it. The platform's side is
// core/lanes/operator-claims.ts; the integration test (sdk/go/test/plugin.test.ts) holds these
// values to that file, so a rename on either side fails a test rather than a plugin's first call.
const (
	operatorCallIssuer    = "vivified-operator"
	operatorCallAlgorithm = "ES256"

	headerSignature = "x-vivified-signature"
	headerTimeoutMs = "x-vivified-timeout-ms"

	claimTenant    = "vivified:tenant"
	claimCaller    = "vivified:caller"
	claimOperation = "vivified:operation"
	claimTrace     = "vivified:trace"
	claimBody      = "vivified:body"
)

// requiredOperatorClaims are what a verifier refuses a signature without (the trace id is
// optional context).
var requiredOperatorClaims = []string{"sub", "exp", "jti", claimTenant, claimCaller, claimOperation, claimBody}

// operatorCallAudience: a signature is addressed to one target installation and verifies nowhere else.
func operatorCallAudience(targetInstallationID string) string {
	return "installation:" + targetInstallationID
}

// operatorCallBodyDigest is the SHA-256 of the exact body sent, base64url without padding: the
// signature covers the body too.
func operatorCallBodyDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
