"""Where the plugin runs, read from the environment the platform gives every task.

The names are the ones application/lifecycle/provisioning.ts (`pluginEnvironment`) and the
runtimes (ECS, or `vivified dev`'s processes: adapters/local/process-runtime.ts) set. The queue
itself is reached with boto3's usual variables (AWS_REGION, AWS_ENDPOINT_URL…).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PluginEnvironment:
    api_url: str
    credential: str
    installation_id: str
    queue_url: str | None = None
    port: int = 8080

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> PluginEnvironment:
        env = os.environ if environ is None else environ
        return cls(
            api_url=_required(env, "VIVIFIED_API_URL"),
            credential=_required(env, "VIVIFIED_CREDENTIAL"),
            installation_id=_required(env, "VIVIFIED_INSTALLATION_ID"),
            queue_url=env.get("VIVIFIED_QUEUE_URL") or None,
            port=int(env.get("VIVIFIED_PORT") or env.get("PORT") or 8080),
        )


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: is this process running as a Vivified installation?")
    return value
