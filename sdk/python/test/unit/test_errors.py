from __future__ import annotations

from typing import Any

import pytest

from vivified import (
    AuthenticationFailedError,
    EgressDeniedError,
    OperationError,
    PlatformUnavailableError,
    PolicyDeniedError,
    RateLimitedError,
    UpstreamFailedError,
    ValidationFailedError,
    VivifiedError,
    error_of,
)


def problem(status: int, **members: Any) -> dict[str, Any]:
    return {"type": "about:blank", "title": "Refused", "status": status, "code": "some_code", **members}


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, ValidationFailedError),
        (422, ValidationFailedError),
        (401, AuthenticationFailedError),
        (403, PolicyDeniedError),
        (429, RateLimitedError),
        (502, UpstreamFailedError),
        (504, UpstreamFailedError),
        (503, PlatformUnavailableError),
        (409, VivifiedError),
        (500, VivifiedError),
    ],
)
def test_each_status_becomes_its_typed_error(status: int, kind: type[VivifiedError]) -> None:
    error = error_of(problem(status))
    assert type(error) is kind
    assert isinstance(error, VivifiedError)
    assert error.status == status


def test_the_egress_code_wins_over_the_status() -> None:
    error = error_of(problem(403, code="egress_denied", rule="allowed_domains", detail="not on allowed_domains"))
    assert isinstance(error, EgressDeniedError)
    assert isinstance(error, VivifiedError)
    assert error.rule == "allowed_domains"
    assert str(error) == "not on allowed_domains"


def test_carries_the_problem_members_a_caller_branches_on() -> None:
    sent = problem(
        422,
        code="validation_failed",
        detail="The body is invalid.",
        traceId="trace-9",
        errors=[{"pointer": "/data/email", "message": "must be an email"}],
    )
    error = error_of(sent)
    assert (error.code, error.trace_id, str(error)) == ("validation_failed", "trace-9", "The body is invalid.")
    assert error.errors == ({"pointer": "/data/email", "message": "must be an email"},)
    assert error.problem is sent


@pytest.mark.parametrize(("retry_after", "seconds"), [("7", 7.0), (None, 1.0), ("0", 1.0), ("soon", 1.0)])
def test_retry_after_is_read_from_the_header(retry_after: str | None, seconds: float) -> None:
    limited = error_of(problem(429), retry_after)
    unavailable = error_of(problem(503), retry_after)
    assert isinstance(limited, RateLimitedError) and isinstance(unavailable, PlatformUnavailableError)
    assert limited.retry_after_seconds == unavailable.retry_after_seconds == seconds


def test_an_answer_that_is_no_problem_document_still_has_a_message_and_a_code() -> None:
    error = error_of({"status": 502})
    assert (str(error), error.code, error.errors) == ("The platform answered 502.", "unknown", ())


def test_an_operation_error_keeps_its_status_and_code() -> None:
    error = OperationError(404, "document_not_found", "No such document.")
    assert (error.status, error.code, str(error)) == (404, "document_not_found", "No such document.")
