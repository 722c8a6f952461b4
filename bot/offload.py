"""Blocking work off the event loop: the one way async code calls the database, the NLU, or
anything else that waits or computes for long.

A bounded pool of worker threads (anyio's, under one CapacityLimiter per event loop). A turn
whose database hangs holds one thread until its timeout, never the loop: the widget's script,
health checks and every other socket are served meanwhile. The bound keeps a stampede from
asking for more database connections than the pool has (BUERGERBOT_THREADS, below its 20).

Threads rather than an async database driver: the storage layer, the actions and the NLU are
synchronous and shared with the CLI and the tests; one hop per turn keeps them that way, where
async SQLAlchemy would need a second version of every storage call the actions make.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar, TypeVarTuple, Unpack
from weakref import WeakKeyDictionary

from anyio import CapacityLimiter, to_thread

T = TypeVar("T")
Args = TypeVarTuple("Args")

DEFAULT_THREADS = 16
_size = DEFAULT_THREADS
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


def configure(threads: int) -> None:
    """The pool's size for this process (the server sets it from the settings at start)."""
    global _size
    if threads < 1:
        raise ValueError("at least one worker thread is needed")
    _size = threads
    for limiter in _limiters.values():
        limiter.total_tokens = threads


async def offload(call: Callable[[Unpack[Args]], T], *args: *Args) -> T:
    """`call(*args)` in a worker thread; waits for a free one when all are busy."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(_size)
    return await to_thread.run_sync(call, *args, limiter=limiter)
