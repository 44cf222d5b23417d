package vivified

import (
	"fmt"
	"strconv"
	"time"
)

// FieldError names one failing field of a request by its JSON pointer.
type FieldError struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem document as the platform sends it (functions/wire/problem.ts).
// Only Status is certain: an answer from something in front of the platform may not be a problem
// document at all.
type Problem struct {
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Code     string `json:"code,omitempty"`
	Instance string `json:"instance,omitempty"`
	TraceID  string `json:"traceId,omitempty"`
	// Errors: every failing field at once (validation_failed, manifest_invalid).
	Errors []FieldError `json:"errors,omitempty"`
	// Reasons: why policy said no (forbidden).
	Reasons []string `json:"reasons,omitempty"`
	// Rule: which egress check refused (egress_denied).
	Rule string `json:"rule,omitempty"`
	// LegalEvents: the lifecycle events legal from the current state (illegal_transition).
	LegalEvents       []string `json:"legalEvents,omitempty"`
	RetryAfterSeconds int      `json:"retryAfterSeconds,omitempty"`
}

// PlatformError is anything the platform refused or could not do, with its stable machine code
// (the Node SDK's VivifiedError). Every typed error below wraps one, so
// errors.As(err, new(*PlatformError)) catches them all.
type PlatformError struct {
	Status  int
	Code    string
	Errors  []FieldError
	TraceID string
	// Problem is the document as the platform sent it.
	Problem Problem
}

func (e *PlatformError) Error() string {
	switch {
	case e.Problem.Detail != "":
		return e.Problem.Detail
	case e.Problem.Title != "":
		return e.Problem.Title
	default:
		return fmt.Sprintf("The platform answered %d.", e.Status)
	}
}

func newPlatformError(problem Problem) *PlatformError {
	code := problem.Code
	if code == "" {
		code = "unknown"
	}
	return &PlatformError{Status: problem.Status, Code: code, Errors: problem.Errors, TraceID: problem.TraceID, Problem: problem}
}

// ValidationFailedError (400, 422): the request did not validate; Errors names every failing field.
type ValidationFailedError struct{ *PlatformError }

// AuthenticationFailedError (401): the credential is missing, expired or no longer belongs to a
// running installation.
type AuthenticationFailedError struct{ *PlatformError }

// PolicyDeniedError (403): policy refused (the manifest does not declare it, or the data
// classification exceeds a clearance).
type PolicyDeniedError struct{ *PlatformError }

// EgressDeniedError (403 from the proxy lane): the host or address is not allowed; Rule says
// which check refused.
type EgressDeniedError struct {
	*PlatformError
	Rule string
}

// RateLimitedError (429): slow down; retry after RetryAfter.
type RateLimitedError struct {
	*PlatformError
	RetryAfter time.Duration
}

// UpstreamFailedError (502, 504): the other plugin or the upstream failed or did not answer in time.
type UpstreamFailedError struct{ *PlatformError }

// PlatformUnavailableError (503): a platform dependency is briefly unavailable; retry after RetryAfter.
type PlatformUnavailableError struct {
	*PlatformError
	RetryAfter time.Duration
}

func (e *ValidationFailedError) Unwrap() error     { return e.PlatformError }
func (e *AuthenticationFailedError) Unwrap() error { return e.PlatformError }
func (e *PolicyDeniedError) Unwrap() error         { return e.PlatformError }
func (e *EgressDeniedError) Unwrap() error         { return e.PlatformError }
func (e *RateLimitedError) Unwrap() error          { return e.PlatformError }
func (e *UpstreamFailedError) Unwrap() error       { return e.PlatformError }
func (e *PlatformUnavailableError) Unwrap() error  { return e.PlatformError }

// errorOf is the typed error for a problem answer, as sdk/node/src/errors.ts maps it.
func errorOf(problem Problem, retryAfter string) error {
	base := newPlatformError(problem)
	wait := time.Second
	if seconds, err := strconv.ParseFloat(retryAfter, 64); err == nil && seconds > 0 {
		wait = time.Duration(seconds * float64(time.Second))
	}
	if problem.Code == "egress_denied" {
		return &EgressDeniedError{PlatformError: base, Rule: problem.Rule}
	}
	switch problem.Status {
	case 400, 422:
		return &ValidationFailedError{base}
	case 401:
		return &AuthenticationFailedError{base}
	case 403:
		return &PolicyDeniedError{base}
	case 429:
		return &RateLimitedError{PlatformError: base, RetryAfter: wait}
	case 502, 504:
		return &UpstreamFailedError{base}
	case 503:
		return &PlatformUnavailableError{PlatformError: base, RetryAfter: wait}
	default:
		return base
	}
}

// OperationError is returned by an exposed operation's handler to answer the caller with a
// problem of its own. Any other error answers 500 without details, so internals never leak to
// another plugin.
type OperationError struct {
	Status  int
	Code    string
	Message string
}

func (e *OperationError) Error() string { return e.Message }
