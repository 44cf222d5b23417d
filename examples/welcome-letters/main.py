"""Welcome letters: the demo's Python plugin. For each new patient it asks patient-count (the Go
plugin) for the census over the operator lane, and writes a welcome letter."""

from __future__ import annotations

from pathlib import Path

from letter import is_patient, welcome_letter

from vivified import CanonicalEvent, Plugin

plugin = Plugin(Path(__file__).with_name("manifest.json"))


@plugin.on("UserCreated.v1")
async def user_created(event: CanonicalEvent) -> None:
    # The manifest's internal clearance means the name, email and record number arrive removed.
    if not is_patient(event.data):
        return
    # Raising (the census unreachable) leaves the event for redelivery, then the dead-letter queue.
    census = await plugin.call("patient-count", "count")
    print(welcome_letter(event.data, int(census["patients"])), flush=True)


if __name__ == "__main__":
    plugin.run()
