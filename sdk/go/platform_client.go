package vivified

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// platformClient talks to the platform's lanes with the installation's credential, which the
// renewal loop (credential.go) swaps for a fresh one before it expires.
type platformClient struct {
	apiURL string
	http   *http.Client

	mu         sync.RWMutex
	credential string
}

func (c *platformClient) currentCredential() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.credential
}

func (c *platformClient) setCredential(credential string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.credential = credential
}

// do sends a JSON request to a lane and decodes a success into out (when not nil); a problem
// answer becomes the matching typed error (errors.go).
func (c *platformClient) do(ctx context.Context, method, path string, body any, headers map[string]string, out any) error {
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the request to %s: %w", path, err)
		}
		reader = bytes.NewReader(encoded)
	}
	request, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.apiURL, "/")+path, reader)
	if err != nil {
		return err
	}
	request.Header.Set("Authorization", "Bearer "+c.currentCredential())
	request.Header.Set("Accept", "application/json")
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	for name, value := range headers {
		request.Header.Set(name, value)
	}
	response, err := c.http.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	text, err := io.ReadAll(response.Body)
	if err != nil {
		return fmt.Errorf("reading the answer from %s: %w", path, err)
	}
	if response.StatusCode >= 200 && response.StatusCode < 300 {
		if out == nil || len(text) == 0 {
			return nil
		}
		if err := json.Unmarshal(text, out); err != nil {
			return fmt.Errorf("decoding the answer from %s: %w", path, err)
		}
		return nil
	}
	return errorOf(problemOf(response, text), response.Header.Get("Retry-After"))
}

// problemOf reads a failure's problem document; anything else (a proxy's HTML page, say)
// becomes a problem with the status and the start of the text.
func problemOf(response *http.Response, text []byte) Problem {
	var problem Problem
	if json.Unmarshal(text, &problem) == nil {
		problem.Status = response.StatusCode
		return problem
	}
	detail := string(text)
	if len(detail) > 500 {
		detail = detail[:500]
	}
	return Problem{Status: response.StatusCode, Detail: detail}
}
