"""Fixtures: the platform's operator key and signatures made with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from operator_signing import KID, operator_claims, public_jwks


@pytest.fixture(scope="session")
def signing_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="session")
def jwks(signing_key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    return public_jwks(signing_key)


@pytest.fixture
def sign(signing_key: ec.EllipticCurvePrivateKey) -> Callable[..., str]:
    """A platform signature over ``body``; keyword arguments override or (None) drop claims."""

    def signed(body: bytes, **overrides: Any) -> str:
        return jwt.encode(operator_claims(body, **overrides), signing_key, algorithm="ES256", headers={"kid": KID})

    return signed
