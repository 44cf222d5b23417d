package vivified

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// operatorKeysPath is the keys.operator route of functions/routes.ts: public, so any plugin can
// verify what the platform signs.
const operatorKeysPath = "/v1/keys/operator"

// As jose's createRemoteJWKSet, which the Node SDK verifies with: keep the key set ten minutes,
// refetch when a signature names a key id not in it, but not more often than every 30 seconds,
// so a flood of forged key ids cannot turn into a flood of fetches.
const (
	operatorKeysMaxAge   = 10 * time.Minute
	operatorKeysCooldown = 30 * time.Second
)

// KeySet gives the keys that verify operator calls. The platform's published JWKS is the
// default; tests hand in a fixed one with [StaticKeys].
type KeySet interface {
	// Keys returns the keys with this key id (all keys when kid is empty), refetching the set
	// once when none matches.
	Keys(ctx context.Context, kid string) ([]jose.JSONWebKey, error)
}

// StaticKeys is a fixed key set, never refetched.
func StaticKeys(set jose.JSONWebKeySet) KeySet { return staticKeys{set} }

type staticKeys struct{ set jose.JSONWebKeySet }

func (s staticKeys) Keys(_ context.Context, kid string) ([]jose.JSONWebKey, error) {
	return matching(s.set, kid), nil
}

// matching is the keys with this id, or all of them for a signature that names none.
func matching(set jose.JSONWebKeySet, kid string) []jose.JSONWebKey {
	if kid == "" {
		return set.Keys
	}
	return set.Key(kid)
}

// remoteKeys fetches and caches a JWKS from a URL.
type remoteKeys struct {
	url    string
	client *http.Client
	now    func() time.Time

	mu      sync.Mutex
	set     jose.JSONWebKeySet
	fetched time.Time
}

func newRemoteKeys(apiURL string, client *http.Client) *remoteKeys {
	return &remoteKeys{url: apiURL + operatorKeysPath, client: client, now: time.Now}
}

func (r *remoteKeys) Keys(ctx context.Context, kid string) ([]jose.JSONWebKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	stale := r.fetched.IsZero() || r.now().Sub(r.fetched) > operatorKeysMaxAge
	if !stale {
		if keys := matching(r.set, kid); len(keys) > 0 || r.now().Sub(r.fetched) < operatorKeysCooldown {
			return keys, nil
		}
	}
	if err := r.fetch(ctx); err != nil {
		return nil, err
	}
	return matching(r.set, kid), nil
}

func (r *remoteKeys) fetch(ctx context.Context) error {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return err
	}
	request.Header.Set("Accept", "application/json")
	response, err := r.client.Do(request)
	if err != nil {
		return fmt.Errorf("fetching the operator keys: %w", err)
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("fetching the operator keys: the platform answered %d", response.StatusCode)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(io.LimitReader(response.Body, 1<<20)).Decode(&set); err != nil {
		return fmt.Errorf("the operator keys are not a JWKS: %w", err)
	}
	r.set, r.fetched = set, r.now()
	return nil
}
