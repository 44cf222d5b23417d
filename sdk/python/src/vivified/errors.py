"""The platform's refusals as exceptions, one class per kind of answer (as sdk/node/src/errors.ts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: RFC 9457 problem details as the platform sends them (functions/wire/problem.ts). Only
#: ``status`` is certain: an answer from something in front of the platform may not be one.
Problem = Mapping[str, Any]


class VivifiedError(Exception):
    """Anything the platform refused or could not do, with its stable machine ``code``."""

    status: int
    code: str
    #: Every failing field (``{"pointer": ..., "message": ...}``) of a validation failure.
    errors: Sequence[Mapping[str, Any]]
    trace_id: str | None
    #: The problem document as the platform sent it.
    problem: Problem

    def __init__(self, problem: Problem) -> None:
        status = int(problem["status"])
        super().__init__(problem.get("detail") or problem.get("title") or f"The platform answered {status}.")
        self.status = status
        self.code = str(problem.get("code") or "unknown")
        self.errors = tuple(problem.get("errors") or ())
        self.trace_id = problem.get("traceId")
        self.problem = problem


class ValidationFailedError(VivifiedError):
    """400/422: the request did not validate; ``errors`` names every failing field."""


class AuthenticationFailedError(VivifiedError):
    """401: the credential is missing, expired or no longer belongs to a running installation."""


class PolicyDeniedError(VivifiedError):
    """403: policy refused (not declared in the manifest, or data above a clearance)."""


class EgressDeniedError(VivifiedError):
    """403 from the proxy lane: the host or address is not allowed; ``rule`` says which check refused."""

    rule: str | None

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.rule = problem.get("rule")


class RateLimitedError(VivifiedError):
    """429: slow down; retry after ``retry_after_seconds``."""

    def __init__(self, problem: Problem, retry_after_seconds: float) -> None:
        super().__init__(problem)
        self.retry_after_seconds = retry_after_seconds


class UpstreamFailedError(VivifiedError):
    """502/504: the other plugin or upstream failed or did not answer in time."""


class PlatformUnavailableError(VivifiedError):
    """503: a platform dependency is briefly unavailable; retry after ``retry_after_seconds``."""

    def __init__(self, problem: Problem, retry_after_seconds: float) -> None:
        super().__init__(problem)
        self.retry_after_seconds = retry_after_seconds


def _seconds(retry_after: str | None) -> float:
    # Retry-After may also be an HTTP date, which the platform never sends: wait a second then.
    try:
        wait = float(retry_after) if retry_after is not None else 1.0
    except ValueError:
        return 1.0
    return wait if wait > 0 else 1.0


def error_of(problem: Problem, retry_after: str | None = None) -> VivifiedError:
    """The typed exception for a problem answer."""
    if problem.get("code") == "egress_denied":
        return EgressDeniedError(problem)
    status = int(problem["status"])
    if status in (400, 422):
        return ValidationFailedError(problem)
    if status == 401:
        return AuthenticationFailedError(problem)
    if status == 403:
        return PolicyDeniedError(problem)
    if status == 429:
        return RateLimitedError(problem, _seconds(retry_after))
    if status in (502, 504):
        return UpstreamFailedError(problem)
    if status == 503:
        return PlatformUnavailableError(problem, _seconds(retry_after))
    return VivifiedError(problem)


class OperationError(Exception):
    """Raised by an exposed operation's handler to answer the caller with a problem of its own.

    Anything else raised answers 500 without details, so internals never leak to another plugin.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
