package vivified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// OperationHandler serves one exposed operation: payload is the caller's JSON body as sent,
// caller what the platform signed. The answer is encoded as JSON; an [*OperationError] becomes
// the caller's problem answer, any other error a 500 without details.
type OperationHandler func(ctx context.Context, payload json.RawMessage, caller Caller) (any, error)

// Operation adapts a handler of typed values: the payload is decoded into In (a body that does
// not decode answers 400) and Out is the answer.
func Operation[In, Out any](handler func(ctx context.Context, payload In, caller Caller) (Out, error)) OperationHandler {
	return func(ctx context.Context, payload json.RawMessage, caller Caller) (any, error) {
		var in In
		if len(payload) > 0 {
			if err := json.Unmarshal(payload, &in); err != nil {
				return nil, &OperationError{Status: http.StatusBadRequest, Code: "malformed_request", Message: "The body does not match the operation's input."}
			}
		}
		return handler(ctx, in, caller)
	}
}

// maxOperationBody is the largest request body an operation accepts, as in the Node SDK.
const maxOperationBody = 1 << 20

// operationServer is the plugin's HTTP side: its health endpoint, and the operations it
// exposes, each reachable only with the platform's signature for this installation (a request
// from anywhere else is 401).
type operationServer struct {
	routes     map[string]string // "METHOD /path" → operation name
	handlers   map[string]OperationHandler
	healthPath string
	health     func(context.Context) bool
	verifier   *operatorVerifier
	log        *slog.Logger
}

func (s *operationServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == s.healthPath {
		healthy := s.checkHealth(r.Context())
		status, word := http.StatusOK, "ok"
		if !healthy {
			status, word = http.StatusServiceUnavailable, "unhealthy"
		}
		writeJSON(w, status, map[string]string{"status": word}, "application/json")
		return
	}
	name, ok := s.routes[r.Method+" "+r.URL.Path]
	handler := s.handlers[name]
	if !ok || handler == nil {
		writeProblem(w, http.StatusNotFound, "operation_not_found", "No such operation.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxOperationBody))
	if err != nil {
		writeProblem(w, http.StatusRequestEntityTooLarge, "payload_too_large", "The body is too large.")
		return
	}
	caller, err := s.verifier.verify(r.Context(), r.Header.Get(headerSignature), body)
	if err != nil {
		writeProblem(w, http.StatusUnauthorized, "unauthenticated", err.Error())
		return
	}
	if caller.Operation != name {
		writeProblem(w, http.StatusUnauthorized, "unauthenticated", "The signature is for another operation.")
		return
	}
	if len(body) > 0 && !json.Valid(body) {
		writeProblem(w, http.StatusBadRequest, "malformed_request", "The body is not valid JSON.")
		return
	}
	answer, err := s.invoke(r.Context(), handler, body, caller)
	var refusal *OperationError
	switch {
	case errors.As(err, &refusal):
		writeProblem(w, refusal.Status, refusal.Code, refusal.Message)
	case err != nil:
		s.log.Error("serving an operation", "operation", name, "caller", caller.PluginID, "error", err)
		writeProblem(w, http.StatusInternalServerError, "internal_error", "The operation failed.")
	default:
		writeJSON(w, http.StatusOK, answer, "application/json")
	}
}

// invoke runs a handler; a panic answers 500 like any other failure instead of killing the plugin.
func (s *operationServer) invoke(ctx context.Context, handler OperationHandler, body []byte, caller Caller) (answer any, err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("the handler panicked: %v", recovered)
		}
	}()
	return handler(ctx, json.RawMessage(body), caller)
}

func (s *operationServer) checkHealth(ctx context.Context) (healthy bool) {
	if s.health == nil {
		return true
	}
	defer func() {
		if recover() != nil {
			healthy = false
		}
	}()
	return s.health(ctx)
}

func newRoutes(exposed map[string]ExposedOperation) map[string]string {
	routes := make(map[string]string, len(exposed))
	for name, operation := range exposed {
		routes[strings.ToUpper(operation.Method)+" "+operation.Path] = name
	}
	return routes
}

func writeJSON(w http.ResponseWriter, status int, body any, contentType string) {
	encoded, err := json.Marshal(body)
	if err != nil {
		status, contentType = http.StatusInternalServerError, "application/problem+json"
		encoded = []byte(`{"status":500,"code":"internal_error","detail":"The answer could not be encoded."}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(encoded)
}

func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	writeJSON(w, status, Problem{Status: status, Code: code, Detail: detail}, "application/problem+json")
}
