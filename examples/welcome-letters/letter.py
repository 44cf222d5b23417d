"""The letter itself, kept free of the SDK so it is tested on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_patient(user: Mapping[str, Any]) -> bool:
    """Only patients get a welcome letter; clinicians and staff are users too."""
    return "patient" in (user.get("roles") or [])


def welcome_letter(user: Mapping[str, Any], patients: int) -> str:
    """The letter for a new patient. Welcome letters is cleared for internal data only: it knows the
    user's id, not their name, so the letter is addressed by the clinic's reference."""
    return f"Welcome to the clinic, patient {user['userId']}: you are one of {patients} patients with us."
