package vivified

import (
	"io"
	"net/http"
	"strings"
	"sync"
)

// stubTransport answers requests in process, so unit tests touch no network.
type stubTransport struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	answer   func(*http.Request) *http.Response
}

func (s *stubTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	body := ""
	if request.Body != nil {
		content, _ := io.ReadAll(request.Body)
		body = string(content)
	}
	s.mu.Lock()
	s.requests = append(s.requests, request)
	s.bodies = append(s.bodies, body)
	s.mu.Unlock()
	response := s.answer(request)
	response.Request = request
	return response, nil
}

func (s *stubTransport) client() *http.Client { return &http.Client{Transport: s} }

func answer(status int, contentType, body string, headers ...string) *http.Response {
	header := http.Header{"Content-Type": {contentType}}
	for i := 0; i+1 < len(headers); i += 2 {
		header.Set(headers[i], headers[i+1])
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body))}
}
