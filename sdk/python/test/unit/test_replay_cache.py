from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from operator_signing import INSTALLATION

from vivified import LocalOperatorKeys, OperatorCallRefusedError, OperatorVerifier, ReplayCache, ReplayVerdict

BODY = b'{"documentId":"d-1"}'


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_refuses_a_second_use_until_expiry_plus_skew_then_forgets_it() -> None:
    clock = Clock(1_000.0)
    cache = ReplayCache(clock_skew_seconds=30, clock=clock)

    assert cache.admit("a", 1_060) is ReplayVerdict.ADMITTED
    clock.now = 1_089.9
    assert cache.admit("a", 1_060) is ReplayVerdict.REPLAYED
    clock.now = 1_090
    assert cache.admit("b", 1_200) is ReplayVerdict.ADMITTED
    assert len(cache) == 1


def test_is_bounded_and_full_of_live_calls_refuses_rather_than_forget_one() -> None:
    clock = Clock(0.0)
    cache = ReplayCache(max_entries=3, clock_skew_seconds=0, clock=clock)
    for jti in ("0", "1", "2"):
        assert cache.admit(jti, 60) is ReplayVerdict.ADMITTED

    assert cache.admit("late", 60) is ReplayVerdict.FULL
    assert cache.admit("0", 60) is ReplayVerdict.REPLAYED
    assert len(cache) == 3
    clock.now = 60
    assert cache.admit("late", 120) is ReplayVerdict.ADMITTED
    assert len(cache) == 1


def test_finds_expired_calls_behind_a_live_one_and_keeps_an_id_admitted_again() -> None:
    clock = Clock(0.0)
    cache = ReplayCache(max_entries=3, clock_skew_seconds=0, clock=clock)
    cache.admit("live", 3_600)
    cache.admit("short", 1)
    clock.now = 2
    # Admitted again (the clock stepped back and its signature verified anew): kept to its new expiry.
    assert cache.admit("short", 3_600) is ReplayVerdict.ADMITTED
    cache.admit("c", 3_600)
    assert cache.admit("d", 3_600) is ReplayVerdict.FULL
    assert cache.admit("short", 3_600) is ReplayVerdict.REPLAYED

    sweeping = ReplayCache(max_entries=2, clock_skew_seconds=0, clock=clock)
    sweeping.admit("live", 3_600)
    sweeping.admit("expired", 1)
    assert sweeping.admit("next", 3_600) is ReplayVerdict.ADMITTED


async def test_the_verifier_answers_each_signature_once(jwks: dict[str, Any], sign: Callable[..., str]) -> None:
    # Prepare
    replays = ReplayCache()
    verifier = OperatorVerifier(INSTALLATION, LocalOperatorKeys(jwks), replays)
    signature = sign(BODY)
    await verifier.verify(signature, BODY)

    # Act, Assess
    with pytest.raises(OperatorCallRefusedError, match="answered already"):
        await verifier.verify(signature, BODY)
    # The same call signed again is a new call; a body that does not match takes up no room.
    await verifier.verify(sign(BODY), BODY)
    with pytest.raises(OperatorCallRefusedError, match="body does not match"):
        await verifier.verify(sign(BODY), b"{}")
    assert len(replays) == 2


async def test_the_verifier_refuses_calls_while_its_memory_is_full(
    jwks: dict[str, Any], sign: Callable[..., str]
) -> None:
    verifier = OperatorVerifier(INSTALLATION, LocalOperatorKeys(jwks), ReplayCache(max_entries=1))
    await verifier.verify(sign(BODY), BODY)
    with pytest.raises(OperatorCallRefusedError, match="Too many calls"):
        await verifier.verify(sign(BODY), BODY)
