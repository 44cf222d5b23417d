"""A signed operator call as both of its ends spell it (core/lanes/operator-claims.ts).

The operator lane signs these claims and an exposed operation's verifier checks them; a unit test
holds every name here to the TypeScript module, so a rename there fails here before a plugin's
first call does.
"""

from __future__ import annotations

import base64
import hashlib

OPERATOR_CALL_ISSUER = "vivified-operator"
OPERATOR_CALL_ALGORITHM = "ES256"


class OperatorCallHeaders:
    """The headers of a forwarded call. Only the signature is to be trusted; the caller, tenant and
    trace headers are informative copies of its claims."""

    SIGNATURE = "x-vivified-signature"
    CALLER = "x-vivified-caller"
    TENANT = "x-vivified-tenant"
    TRACE_ID = "x-vivified-trace-id"
    #: What the calling plugin is willing to wait, in milliseconds.
    TIMEOUT_MS = "x-vivified-timeout-ms"


#: What a verifier refuses a signature without (the trace id is optional context). ``jti`` is the
#: call id the verifier remembers until ``exp``, so a signature answers one call only.
REQUIRED_OPERATOR_CLAIMS = (
    "sub",
    "exp",
    "jti",
    "vivified:tenant",
    "vivified:caller",
    "vivified:operation",
    "vivified:body",
)


def operator_call_audience(target_installation_id: str) -> str:
    """A signature is addressed to one target installation and verifies nowhere else."""
    return f"installation:{target_installation_id}"


def operator_call_body_digest(body: bytes) -> str:
    """The SHA-256 of the exact body sent, base64url without padding, as the lane signs it."""
    return base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode("ascii")
