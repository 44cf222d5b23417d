package vivified

import (
	"context"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// renewAt is the share of a credential's lifetime after which it is exchanged for a fresh one.
const renewAt = 0.8

// credentialAlgorithms are the algorithms the platform signs credentials with (RS256 through KMS
// when deployed). The plugin only reads the lifetime; the platform is what verifies.
var credentialAlgorithms = []jose.SignatureAlgorithm{jose.RS256, jose.PS256, jose.ES256}

// lifetimeOf reads when a credential was issued and when it expires, without verifying it.
func lifetimeOf(credential string) (issued, expires time.Time, err error) {
	token, err := jwt.ParseSigned(credential, credentialAlgorithms)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("the credential is not a JWT: %w", err)
	}
	var claims jwt.Claims
	if err := token.UnsafeClaimsWithoutVerification(&claims); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if claims.Expiry == nil {
		return time.Time{}, time.Time{}, nil
	}
	issued = time.Now()
	if claims.IssuedAt != nil {
		issued = claims.IssuedAt.Time()
	}
	return issued, claims.Expiry.Time(), nil
}

// renewalDue is when the credential should be exchanged: at renewAt of its lifetime, and never
// sooner than a second from now, so a failing renewal retries without spinning. A credential
// without an expiry needs no renewal; one whose lifetime cannot be read is an error, not silence.
func renewalDue(credential string, now time.Time) (time.Duration, bool, error) {
	issued, expires, err := lifetimeOf(credential)
	if err != nil || expires.IsZero() {
		return 0, false, err
	}
	due := issued.Add(time.Duration(float64(expires.Sub(issued)) * renewAt))
	return max(time.Second, due.Sub(now)), true, nil
}

// renew exchanges the current credential for a fresh one.
func (c *platformClient) renew(ctx context.Context) error {
	var answer struct {
		Credential string `json:"credential"`
	}
	if err := c.do(ctx, "POST", "/v1/self/credential", struct{}{}, nil, &answer); err != nil {
		return err
	}
	if answer.Credential == "" {
		return fmt.Errorf("the platform answered no credential")
	}
	c.setCredential(answer.Credential)
	return nil
}

// keepRenewing renews the credential before each expiry until ctx is done, so a plugin can run
// for weeks on the one credential its task was started with.
func (c *platformClient) keepRenewing(ctx context.Context, onError func(error)) {
	for {
		wait, ok, err := renewalDue(c.currentCredential(), time.Now())
		if err != nil {
			onError(fmt.Errorf("the credential will not be renewed in the background: %w", err))
		}
		if !ok {
			return
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		if err := c.renew(ctx); err != nil && ctx.Err() == nil {
			onError(fmt.Errorf("renewing the credential: %w", err))
		}
	}
}
