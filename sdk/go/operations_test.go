package vivified

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func testServer(t *testing.T, signer testSigner, healthy bool) *operationServer {
	t.Helper()
	exposes := map[string]ExposedOperation{
		"getDocument": {Method: "post", Path: "/documents/get"},
		"refuse":      {Method: "POST", Path: "/refuse"},
		"crash":       {Method: "POST", Path: "/crash"},
	}
	type in struct {
		DocumentID string `json:"documentId"`
	}
	return &operationServer{
		routes: newRoutes(exposes),
		handlers: map[string]OperationHandler{
			"getDocument": Operation(func(_ context.Context, payload in, caller Caller) (map[string]string, error) {
				return map[string]string{"documentId": payload.DocumentID, "tenant": caller.TenantID}, nil
			}),
			"refuse": func(context.Context, json.RawMessage, Caller) (any, error) {
				return nil, &OperationError{Status: 409, Code: "already_filed", Message: "That document is filed already."}
			},
			"crash": func(context.Context, json.RawMessage, Caller) (any, error) {
				return nil, errors.New("database password is hunter2")
			},
		},
		healthPath: "/health",
		health:     func(context.Context) bool { return healthy },
		verifier:   verifierFor(signer, time.Now()),
		log:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func serve(server http.Handler, method, path, signature, body string) (int, map[string]any) {
	request := httptest.NewRequest(method, path, strings.NewReader(body))
	if signature != "" {
		request.Header.Set("X-Vivified-Signature", signature)
	}
	recorder := httptest.NewRecorder()
	server.ServeHTTP(recorder, request)
	var answer map[string]any
	_ = json.Unmarshal(recorder.Body.Bytes(), &answer)
	return recorder.Code, answer
}

func signedFor(t *testing.T, signer testSigner, operation, body string) string {
	claims := callClaims(target, []byte(body), time.Now())
	claims.Operation = operation
	return signer.sign(t, claims)
}

func TestAnExposedOperationAnswersTheCallThePlatformSigned(t *testing.T) {
	signer := newTestSigner(t, "k1")
	payload := `{"documentId":"d-1"}`
	status, answer := serve(testServer(t, signer, true), "POST", "/documents/get", signedFor(t, signer, "getDocument", payload), payload)
	if status != 200 || answer["documentId"] != "d-1" || answer["tenant"] != "acme" {
		t.Fatalf("%d %v", status, answer)
	}
}

func TestAnExposedOperationRefuses(t *testing.T) {
	signer := newTestSigner(t, "k1")
	server := testServer(t, signer, true)
	payload := `{"documentId":"d-1"}`
	cases := []struct {
		name, method, path, signature, body string
		status                              int
		code                                string
	}{
		{"an unsigned call", "POST", "/documents/get", "", payload, 401, "unauthenticated"},
		{"a signature for another operation", "POST", "/documents/get", signedFor(t, signer, "refuse", payload), payload, 401, "unauthenticated"},
		{"a signature for another body", "POST", "/documents/get", signedFor(t, signer, "getDocument", payload), `{"documentId":"d-2"}`, 401, "unauthenticated"},
		{"a body that is not JSON", "POST", "/documents/get", signedFor(t, signer, "getDocument", "{"), "{", 400, "malformed_request"},
		{"a body that is not the input", "POST", "/documents/get", signedFor(t, signer, "getDocument", `[1]`), `[1]`, 400, "malformed_request"},
		{"an unknown path", "POST", "/nowhere", "", "", 404, "operation_not_found"},
		{"the wrong method", "GET", "/documents/get", "", "", 404, "operation_not_found"},
		{"an oversized body", "POST", "/documents/get", "", strings.Repeat("x", maxOperationBody+1), 413, "payload_too_large"},
		{"with its own problem", "POST", "/refuse", signedFor(t, signer, "refuse", "{}"), "{}", 409, "already_filed"},
		{"with a 500 that names no internals", "POST", "/crash", signedFor(t, signer, "crash", "{}"), "{}", 500, "internal_error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, answer := serve(server, tc.method, tc.path, tc.signature, tc.body)
			if status != tc.status || answer["code"] != tc.code || answer["status"] != float64(tc.status) {
				t.Fatalf("%d %v, want %d %s", status, answer, tc.status, tc.code)
			}
			if strings.Contains(answer["detail"].(string), "hunter2") {
				t.Fatal("an internal error leaked")
			}
		})
	}
}

func TestTheHealthPathAnswersAnyone(t *testing.T) {
	signer := newTestSigner(t, "k1")
	if status, answer := serve(testServer(t, signer, true), "GET", "/health", "", ""); status != 200 || answer["status"] != "ok" {
		t.Fatalf("%d %v", status, answer)
	}
	if status, answer := serve(testServer(t, signer, false), "GET", "/health", "", ""); status != 503 || answer["status"] != "unhealthy" {
		t.Fatalf("%d %v", status, answer)
	}
}
