"""The operator calls a process answered, remembered so a signature answers one call only
(as sdk/node/src/replay-cache.ts)."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable

#: Most calls remembered at once by default.
DEFAULT_MAX_ENTRIES = 10_000
#: Seconds a call id is kept past its signature's expiry, against the clock stepping back.
DEFAULT_CLOCK_SKEW_SECONDS = 30.0


class ReplayVerdict(enum.Enum):
    ADMITTED = "admitted"
    REPLAYED = "replayed"
    #: As many live calls as the cache holds: refused rather than forget one.
    FULL = "full"


class ReplayCache:
    """The ids (``jti``) of the operator calls this process accepted, each kept until its
    signature's ``exp`` plus a skew: until then a second use of the same signature is refused, and
    after it the signature no longer verifies by itself.

    Bounded: while ``max_entries`` calls are live, new ones are refused until the oldest expire,
    so flooding it cannot make a captured signature usable again. Entries are in the order
    admitted (a dict keeps it), which is close to the order of expiry, so forgetting starts at the
    front. Not locked: the SDK admits from one event loop, with no await inside ``admit``.
    """

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock_skew_seconds: float = DEFAULT_CLOCK_SKEW_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._max_entries = max(1, max_entries)
        self._skew = max(0.0, clock_skew_seconds)
        self._clock = clock
        #: call id -> when it may be forgotten (seconds since the epoch)
        self._seen: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def admit(self, jti: str, exp: float) -> ReplayVerdict:
        """Records a call that expires at ``exp``, unless it was seen already or no room is left."""
        now = self._clock()
        self._forget(now, front_only=True)
        forget_at = self._seen.get(jti)
        if forget_at is not None and now < forget_at:
            return ReplayVerdict.REPLAYED
        if len(self._seen) >= self._max_entries:
            self._forget(now, front_only=False)
            if len(self._seen) >= self._max_entries:
                return ReplayVerdict.FULL
        # Popped first so an id admitted again moves to the back, where its new expiry belongs.
        self._seen.pop(jti, None)
        self._seen[jti] = exp + self._skew
        return ReplayVerdict.ADMITTED

    def _forget(self, now: float, *, front_only: bool) -> None:
        expired: list[str] = []
        for jti, forget_at in self._seen.items():
            if now >= forget_at:
                expired.append(jti)
            elif front_only:
                break
        for jti in expired:
            del self._seen[jti]
