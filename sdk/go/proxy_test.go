package vivified

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func pluginWith(t *testing.T, stub *stubTransport, manifest Manifest) *Plugin {
	t.Helper()
	p, err := New(manifest, WithEnvironment(Environment{APIURL: "http://platform", Credential: "cred-1", InstallationID: "inst-1", Port: 0}),
		WithHTTPClient(stub.client()))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHTTPClientSendsThroughTheProxyLane(t *testing.T) {
	// Prepare
	stub := &stubTransport{answer: func(*http.Request) *http.Response {
		return answer(200, "application/json", `{"status":201,"headers":{"content-type":"application/json"},"body":"eyJvayI6dHJ1ZX0=","bodyEncoding":"base64"}`)
	}}
	p := pluginWith(t, stub, Manifest{ID: "notifier"})
	request, _ := http.NewRequest("POST", "https://api.mailer.example/v1/messages?x=1", strings.NewReader("hi"))
	request.Header.Set("Authorization", "Bearer {{secret:apiToken}}")

	// Act
	response, err := p.HTTPClient().Do(request)

	// Assess
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(response.Body)
	if response.StatusCode != 201 || response.Header.Get("Content-Type") != "application/json" || string(content) != `{"ok":true}` {
		t.Fatalf("%d %v %s", response.StatusCode, response.Header, content)
	}
	sent := stub.requests[0]
	if sent.URL.String() != "http://platform/v1/proxy" || sent.Header.Get("Authorization") != "Bearer cred-1" {
		t.Fatalf("sent to %s with %q", sent.URL, sent.Header.Get("Authorization"))
	}
	var lane map[string]any
	_ = json.Unmarshal([]byte(stub.bodies[0]), &lane)
	if lane["method"] != "POST" || lane["url"] != "https://api.mailer.example/v1/messages?x=1" || lane["body"] != "hi" ||
		lane["headers"].(map[string]any)["authorization"] != "Bearer {{secret:apiToken}}" {
		t.Fatalf("lane body %v", lane)
	}
}

func TestFetchMakesEveryRefusalAnEgressDenial(t *testing.T) {
	for _, problem := range []string{
		`{"status":403,"code":"egress_denied","rule":"private_address","detail":"no"}`,
		`{"status":403,"code":"forbidden","detail":"evil.example is not in allowed_domains"}`,
	} {
		stub := &stubTransport{answer: func(*http.Request) *http.Response { return answer(403, "application/problem+json", problem) }}
		request, _ := http.NewRequest("GET", "https://evil.example/steal", nil)
		_, err := pluginWith(t, stub, Manifest{ID: "notifier"}).Fetch(context.Background(), request)
		var denied *EgressDeniedError
		if !errors.As(err, &denied) || denied.Status != 403 {
			t.Fatalf("%s became %#v", problem, err)
		}
		if _, err := pluginWith(t, stub, Manifest{ID: "notifier"}).HTTPClient().Do(request); !errors.As(err, &denied) {
			t.Fatalf("through the client: %#v", err)
		}
	}
}

func TestAnEmptyStatusHasNoBody(t *testing.T) {
	stub := &stubTransport{answer: func(*http.Request) *http.Response {
		return answer(200, "application/json", `{"status":204,"headers":{},"body":"ignored","bodyEncoding":"utf8"}`)
	}}
	request, _ := http.NewRequest("DELETE", "https://api.mailer.example/v1/messages/1", nil)
	response, err := pluginWith(t, stub, Manifest{ID: "notifier"}).Fetch(context.Background(), request)
	if err != nil {
		t.Fatal(err)
	}
	if content, _ := io.ReadAll(response.Body); response.StatusCode != 204 || len(content) != 0 {
		t.Fatalf("%d %q", response.StatusCode, content)
	}
	var lane map[string]any
	_ = json.Unmarshal([]byte(stub.bodies[0]), &lane)
	if _, hasBody := lane["body"]; hasBody {
		t.Fatalf("sent a body: %v", lane)
	}
}
