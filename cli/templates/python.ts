import type { PluginTemplate } from './template';

/**
 * A Python plugin on sdk/python (vivified-sdk), run by `vivified dev` with the SDK's venv
 * (`npm run sdk:python:setup` makes it). Flat, so pytest finds the logic next to its test.
 */
export const pythonTemplate: PluginTemplate = {
  language: 'python',
  sdk: { dir: 'sdk/python', entry: 'sdk/python' },
  importFrom: '.',
  localCommand: (dir, sdk) => [`${sdk}/.venv/bin/python`, '-u', `${dir}/main.py`],
  files: ({ id, name }) => ({
    'main.py': `"""${name}: a Vivified plugin on the Python SDK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from greeting import summary

from vivified import Caller, CanonicalEvent, Plugin

plugin = Plugin(Path(__file__).with_name("manifest.json"))


@plugin.on("UserCreated.v1")
async def user_created(event: CanonicalEvent) -> None:
    # Raising leaves the event for redelivery, then the dead-letter queue. The manifest's internal
    # clearance means fields above it arrive removed.
    print(summary(event.data), flush=True)


@plugin.expose("describe")
async def describe(payload: Any, caller: Caller) -> dict[str, str]:
    # Called by other plugins through the operator lane; the platform signs every call.
    return {"plugin": "${id}", "calledBy": caller.plugin_id}


if __name__ == "__main__":
    plugin.run()
`,
    'greeting.py': `"""The plugin's own logic, kept free of the SDK so it is tested on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def summary(user: Mapping[str, Any]) -> str:
    """A line about a new user as ${name} sees it: cleared for internal data only."""
    roles = user.get("roles") or []
    return f"${id}: new user {user['userId']}" + (f" ({', '.join(roles)})" if roles else "")
`,
    'test_greeting.py': `from greeting import summary


def test_names_the_user_and_their_roles() -> None:
    assert summary({"userId": "u-1", "roles": ["patient"]}) == "${id}: new user u-1 (patient)"
    assert summary({"userId": "u-2"}) == "${id}: new user u-2"
`,
  }),
  readme: ({ dir, sdkDir }) =>
    `Run its test: \`${sdkDir}/.venv/bin/python -m pytest ${dir}\` (\`npm run sdk:python:setup\` makes the venv).`,
};
