package vivified

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// proxyBody is what the proxy lane takes (functions/wire/lanes.ts ProxyBody).
type proxyBody struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    *string           `json:"body,omitempty"`
}

// proxyAnswer is the upstream's answer as the lane hands it back: hop-by-hop headers and cookies
// removed, secrets scrubbed, text as is and anything else base64.
type proxyAnswer struct {
	Status       int               `json:"status"`
	Headers      map[string]string `json:"headers"`
	Body         string            `json:"body"`
	BodyEncoding string            `json:"bodyEncoding"`
}

// proxyTransport is an http.RoundTripper whose every request goes through the proxy lane: the
// platform checks the host against the allowlist and the address against its rules, replaces
// {{secret:name}} references, and answers with the upstream's response. The request never
// leaves from this process, and the secret values never enter it.
type proxyTransport struct{ client *platformClient }

func (t proxyTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	body, err := proxyRequestOf(request)
	if err != nil {
		return nil, err
	}
	var answer proxyAnswer
	if err := t.client.do(request.Context(), http.MethodPost, "/v1/proxy", body, nil, &answer); err != nil {
		// Every refusal on this lane is about where the request may go, whether the address
		// checks or the allowlist policy said no.
		var denied *PolicyDeniedError
		if errors.As(err, &denied) {
			return nil, &EgressDeniedError{PlatformError: denied.PlatformError, Rule: denied.Problem.Rule}
		}
		return nil, err
	}
	return responseOf(request, answer)
}

func proxyRequestOf(request *http.Request) (proxyBody, error) {
	method := request.Method
	if method == "" {
		method = http.MethodGet
	}
	body := proxyBody{Method: strings.ToUpper(method), URL: request.URL.String()}
	for name := range request.Header {
		if body.Headers == nil {
			body.Headers = map[string]string{}
		}
		// The lane takes one value per header, as the Fetch API's Headers joins them.
		body.Headers[strings.ToLower(name)] = strings.Join(request.Header.Values(name), ", ")
	}
	if request.Body != nil && request.Body != http.NoBody {
		defer request.Body.Close()
		content, err := io.ReadAll(request.Body)
		if err != nil {
			return proxyBody{}, fmt.Errorf("reading the request body: %w", err)
		}
		text := string(content)
		body.Body = &text
	}
	return body, nil
}

func responseOf(request *http.Request, answer proxyAnswer) (*http.Response, error) {
	content := []byte(answer.Body)
	if answer.BodyEncoding == "base64" {
		decoded, err := base64.StdEncoding.DecodeString(answer.Body)
		if err != nil {
			return nil, fmt.Errorf("the proxy lane answered a body that is not base64: %w", err)
		}
		content = decoded
	}
	if answer.Status == http.StatusNoContent || answer.Status == http.StatusNotModified || answer.Status < 200 || request.Method == http.MethodHead {
		content = nil
	}
	header := make(http.Header, len(answer.Headers))
	for name, value := range answer.Headers {
		header.Set(name, value)
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", answer.Status, http.StatusText(answer.Status)),
		StatusCode:    answer.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(content)),
		ContentLength: int64(len(content)),
		Request:       request,
	}, nil
}

// fetch sends one request through the proxy lane.
func (t proxyTransport) fetch(ctx context.Context, request *http.Request) (*http.Response, error) {
	return t.RoundTrip(request.WithContext(ctx))
}
