"""The README's complete plugin, run as written against a platform played by httpx's mock transport."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

import httpx
import pytest

from vivified import CanonicalEvent

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


async def test_the_readme_plugin_sends_its_welcome_through_the_proxy_lane(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Prepare: the README's manifest and main.py side by side, and the environment a task gets.
    manifest = json.loads(blocks("json")[0])
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    main = next(block for block in blocks("python") if "plugin = Plugin(" in block and "__main__" in block)
    (tmp_path / "main.py").write_text(main)
    for name, value in {
        "VIVIFIED_API_URL": "http://platform",
        "VIVIFIED_CREDENTIAL": "cred",
        "VIVIFIED_INSTALLATION_ID": "inst-1",
    }.items():
        monkeypatch.setenv(name, value)
    module = runpy.run_path(str(tmp_path / "main.py"), run_name="readme")
    sent: list[httpx.Request] = []

    def platform(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/v1/self/config":
            return httpx.Response(
                200, json={"values": {"sender": "hello@clinic.example"}, "secrets": ["apiToken"], "rev": 1}
            )
        return httpx.Response(200, json={"status": 202, "headers": {}, "body": "", "bodyEncoding": "utf8"})

    # The README builds its plugin on the default client; the test swaps in the mock platform.
    module["plugin"]._client.http = httpx.AsyncClient(transport=httpx.MockTransport(platform))
    event = CanonicalEvent(
        id="e-1",
        type="UserCreated.v1",
        source="vivified.plugin.ehr",
        tenant_id="acme",
        installation_id="inst-1",
        classification="pii",
        trace_id="t",
        time="2026-11-24T10:00:00Z",
        data={"userId": "u-1", "email": "ada@clinic.example"},
    )
    # Act
    await module["welcome"](event)
    # Assess
    proxied = json.loads(sent[-1].content)
    assert proxied["url"] == "https://api.mailer.example/v1/messages"
    assert proxied["headers"] == {"authorization": "Bearer {{secret:apiToken}}", "content-type": "application/json"}
    assert json.loads(proxied["body"]) == {
        "from": "hello@clinic.example",
        "to": "ada@clinic.example",
        "subject": "Welcome",
    }


def test_the_readme_testing_snippet_builds_a_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "manifest.json").write_text(blocks("json")[0])
    monkeypatch.chdir(tmp_path)
    snippet = next(block for block in blocks("python") if "MockTransport" in block)
    assert runpy.run_path(_write(tmp_path / "snippet.py", snippet))["plugin"].id == "notifier"


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)
