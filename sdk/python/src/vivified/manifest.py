"""The parts of the plugin manifest (schemas/manifest.schema.json) the SDK acts on."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

#: A manifest as parsed JSON, or the path of its file.
ManifestSource = Union[Mapping[str, Any], str, "os.PathLike[str]"]


def load_manifest(source: ManifestSource) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    parsed = json.loads(Path(source).read_text(encoding="utf-8"))
    if not isinstance(parsed, dict) or not isinstance(parsed.get("id"), str):
        raise ValueError(f"{source} is not a plugin manifest.")
    return parsed


def subscribes(manifest: Mapping[str, Any]) -> list[str]:
    return list((manifest.get("events") or {}).get("subscribes") or [])


def exposes(manifest: Mapping[str, Any]) -> Mapping[str, Mapping[str, Any]]:
    exposed: Mapping[str, Mapping[str, Any]] = (manifest.get("operations") or {}).get("exposes") or {}
    return exposed


def health_path(manifest: Mapping[str, Any]) -> str:
    return str((manifest.get("runtime") or {}).get("health_path") or "/health")
