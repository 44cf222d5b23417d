"""Running a plugin author's handler, whether it is a coroutine function or a plain one."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any


async def call_handler(handler: Callable[..., Any], *args: Any) -> Any:
    """Awaits an async handler; runs a plain one on a worker thread so blocking work (a database
    driver, a parser) never stalls the event loop that serves health checks and other calls."""
    if inspect.iscoroutinefunction(handler):
        return await handler(*args)
    result = await asyncio.to_thread(handler, *args)
    # A plain function may still hand back a coroutine (a lambda around an async call).
    return await result if inspect.isawaitable(result) else result
