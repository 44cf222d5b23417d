package vivified

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func failing(status int, contentType, body string, headers ...string) *platformClient {
	stub := &stubTransport{answer: func(*http.Request) *http.Response { return answer(status, contentType, body, headers...) }}
	return &platformClient{apiURL: "http://platform", http: stub.client(), credential: "c"}
}

func TestProblemsBecomeTypedErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		check  func(error) bool
	}{
		{400, `{"code":"validation_failed","detail":"bad","errors":[{"pointer":"/data/email","message":"must be an email"}]}`, func(err error) bool {
			var typed *ValidationFailedError
			return errors.As(err, &typed) && typed.Errors[0].Pointer == "/data/email"
		}},
		{422, `{"code":"validation_failed"}`, func(err error) bool { var typed *ValidationFailedError; return errors.As(err, &typed) }},
		{401, `{"code":"unauthenticated"}`, func(err error) bool { var typed *AuthenticationFailedError; return errors.As(err, &typed) }},
		{403, `{"code":"forbidden","reasons":["undeclared"]}`, func(err error) bool {
			var typed *PolicyDeniedError
			return errors.As(err, &typed) && typed.Problem.Reasons[0] == "undeclared"
		}},
		{403, `{"code":"egress_denied","rule":"allowed_domains"}`, func(err error) bool {
			var typed *EgressDeniedError
			return errors.As(err, &typed) && typed.Rule == "allowed_domains"
		}},
		{429, `{"code":"rate_limited"}`, func(err error) bool {
			var typed *RateLimitedError
			return errors.As(err, &typed) && typed.RetryAfter == 7*time.Second
		}},
		{502, `{"code":"upstream_failed"}`, func(err error) bool { var typed *UpstreamFailedError; return errors.As(err, &typed) }},
		{504, `{"code":"upstream_timeout"}`, func(err error) bool { var typed *UpstreamFailedError; return errors.As(err, &typed) }},
		{503, `{"code":"dependency_unavailable"}`, func(err error) bool {
			var typed *PlatformUnavailableError
			return errors.As(err, &typed) && typed.RetryAfter == 7*time.Second
		}},
		{409, `{"code":"already_filed","detail":"That document is filed already."}`, func(err error) bool {
			var typed *PlatformError
			return errors.As(err, &typed) && typed.Code == "already_filed" && err.Error() == "That document is filed already."
		}},
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			err := failing(tc.status, "application/problem+json", tc.body, "Retry-After", "7").do(context.Background(), "GET", "/v1/self/config", nil, nil, nil)
			if err == nil || !tc.check(err) {
				t.Fatalf("%d %s became %T %v", tc.status, tc.body, err, err)
			}
			// Every typed error is also a PlatformError, with the status the platform answered.
			var base *PlatformError
			if !errors.As(err, &base) || base.Status != tc.status {
				t.Fatalf("not a PlatformError with status %d: %#v", tc.status, err)
			}
		})
	}
}

func TestAnAnswerThatIsNoProblemDocumentKeepsItsStatusAndText(t *testing.T) {
	err := failing(502, "text/html", "<h1>Bad gateway</h1>").do(context.Background(), "GET", "/x", nil, nil, nil)
	var typed *UpstreamFailedError
	if !errors.As(err, &typed) || typed.Code != "unknown" || err.Error() != "<h1>Bad gateway</h1>" {
		t.Fatalf("got %#v", err)
	}
	err = failing(500, "application/problem+json", "").do(context.Background(), "GET", "/x", nil, nil, nil)
	if err == nil || err.Error() != "The platform answered 500." {
		t.Fatalf("got %v", err)
	}
}

func TestRetryAfterDefaultsToOneSecond(t *testing.T) {
	err := failing(429, "application/problem+json", `{"code":"rate_limited"}`).do(context.Background(), "GET", "/x", nil, nil, nil)
	var typed *RateLimitedError
	if !errors.As(err, &typed) || typed.RetryAfter != time.Second {
		t.Fatalf("got %#v", err)
	}
}
