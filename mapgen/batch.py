"""Work of a batch (the maps of a gallery) done in worker processes.

Workers only compute: each renders whole outputs and returns their bytes, and the calling process
writes them into its one set of files (mapgen.files), so what a worker does cannot reach the disk
and a failure anywhere leaves nothing half-written. Workers are forked, so they start with the
loaded data and fonts in memory and nothing but an index and the results cross between processes;
where fork is not available, the work is done in this process. The first task is always done
here, before the workers start (see ``run``).
"""
from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mapgen.errors import MapgenError

Result = TypeVar("Result")
WATCH_SECONDS = 0.2  # how often a worker checks that its parent is still there
_WORK: dict[str, Callable[[int], Any]] = {}  # the task of the workers of the running batch


def cpu_count() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def run(count: int, work: Callable[[int], Result], jobs: int, done: Callable[[int, Result], None]) -> None:
    """Call ``work(i)`` for i in range(count), in up to ``jobs`` processes, and ``done(i, result)``
    here as each finishes (in the order they finish). An error in any stops the batch and is raised."""
    if jobs < 1:
        raise MapgenError(f"jobs must be at least 1, got {jobs}", option="jobs")
    if jobs == 1 or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for index in range(count):
            done(index, work(index))
        return
    # The first task runs here: it loads what every task needs (matplotlib, fonts, the projected
    # shapes), which the workers then inherit instead of each loading it again.
    done(0, work(0))
    _WORK["work"] = work  # forked workers find it here
    # Objects loaded so far stay out of the garbage collector's sweeps, so that the workers do not
    # touch (and so copy) every page they share with this process.
    gc.freeze()
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, count - 1),
                                                  mp_context=multiprocessing.get_context("fork"),
                                                  initializer=_worker_start, initargs=(os.getpid(),))
    try:
        futures = {pool.submit(_work, index): index for index in range(1, count)}
        for future in concurrent.futures.as_completed(futures):
            done(futures[future], future.result())
    except BrokenProcessPool:
        raise MapgenError("a worker process stopped before finishing its map (out of memory, or killed); "
                          "nothing was written (try fewer --jobs)", option="jobs") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _WORK.clear()


def _worker_start(parent: int) -> None:
    # Ctrl-C is the parent's to handle: it cancels what has not started and stops the batch.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker soon after its parent is killed: otherwise it would wait for work forever,
    holding the parent's lock on the output folder (a copy of the descriptor came with the fork)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _work(index: int) -> Any:
    try:
        return _WORK["work"](index)
    except MapgenError:
        raise
    except Exception as err:  # crosses back to the parent as one line, not a worker's traceback
        raise MapgenError(f"a worker process failed on map {index + 1}: {type(err).__name__}: {err}") from None
