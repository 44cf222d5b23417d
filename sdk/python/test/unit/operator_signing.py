"""Keys and claims made the way the operator lane makes them (adapters/identity/operator-signing.ts)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from vivified.operator_claims import operator_call_body_digest

INSTALLATION = "inst-target"
KID = "operator-key-1"


def public_jwks(key: ec.EllipticCurvePrivateKey, kid: str = KID) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**jwk, "kid": kid, "alg": "ES256", "use": "sig"}]}


def operator_claims(body: bytes, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "vivified-operator",
        "sub": "inst-caller",
        "aud": f"installation:{INSTALLATION}",
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 60,
        "vivified:tenant": "acme",
        "vivified:caller": "storage",
        "vivified:operation": "getDocument",
        "vivified:trace": "trace-1",
        "vivified:body": operator_call_body_digest(body),
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}
