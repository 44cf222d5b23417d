"""The names the SDK shares with the platform, held to the platform's own sources.

These read the repository around the package (schemas/openapi.json, the TypeScript modules), so
they are skipped where the package is tested on its own, outside the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vivified import operator_claims
from vivified.operator_verify import OPERATOR_KEYS_PATH
from vivified.platform_client import Route

REPOSITORY = Path(__file__).resolve().parents[4]


def source(relative: str) -> str:
    path = REPOSITORY / relative
    if not path.exists():
        pytest.skip(f"{relative} is not here: the package is being tested outside the repository")
    return path.read_text(encoding="utf-8")


def test_every_route_the_sdk_calls_is_in_the_openapi_document() -> None:
    paths = json.loads(source("schemas/openapi.json"))["paths"]
    routes = [Route.PUBLISH, Route.OPERATOR_CALL, Route.PROXY, Route.SELF_CONFIG, Route.SELF_CREDENTIAL]
    for method, path in [*routes, ("GET", OPERATOR_KEYS_PATH)]:
        assert method.lower() in paths.get(path, {}), f"{method} {path} is not in schemas/openapi.json"


def test_the_operator_claims_are_spelled_as_the_platform_signs_them() -> None:
    claims = source("core/lanes/operator-claims.ts")
    assert f"OPERATOR_CALL_ISSUER = '{operator_claims.OPERATOR_CALL_ISSUER}'" in claims
    assert f"OPERATOR_CALL_ALGORITHM = '{operator_claims.OPERATOR_CALL_ALGORITHM}'" in claims
    assert "`installation:${targetInstallationId}`" in claims
    assert operator_claims.operator_call_audience("x") == "installation:x"
    required = re.search(r"REQUIRED_OPERATOR_CLAIMS = \[(.*?)\]", claims, re.DOTALL)
    assert required is not None
    assert tuple(re.findall(r"'([^']+)'", required.group(1))) == operator_claims.REQUIRED_OPERATOR_CLAIMS
    headers = operator_claims.OperatorCallHeaders
    for name in (headers.SIGNATURE, headers.CALLER, headers.TENANT, headers.TRACE_ID, headers.TIMEOUT_MS):
        assert f"'{name}'" in claims


def test_the_body_digest_is_base64url_sha256_without_padding() -> None:
    # The digest of the empty body, as node:crypto's base64url spells it.
    assert operator_claims.operator_call_body_digest(b"") == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"


def test_the_environment_it_reads_is_the_one_the_runtime_sets() -> None:
    given = source("application/lifecycle/provisioning.ts") + source("adapters/local/process-runtime.ts")
    read = source("sdk/python/src/vivified/environment.py")
    for name in (
        "VIVIFIED_API_URL",
        "VIVIFIED_INSTALLATION_ID",
        "VIVIFIED_QUEUE_URL",
        "VIVIFIED_CREDENTIAL",
        "VIVIFIED_PORT",
    ):
        assert f"{name}:" in given, f"the runtime no longer sets {name}"
        assert f'"{name}"' in read
