"""tasks.worker_pool: the worker processes extraction runs in with n_process > 1. Results come
back in order, workers are reused across calls, and a failed or killed worker is an error for
the caller, not a hang, after which a new pool starts."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool

import psutil
import pytest

from tasks import worker_pool


def slow_square(number: int, delay: float) -> tuple[int, int]:
    time.sleep(delay)
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is not allowed")
    return number


def die(_number: int) -> int:
    os._exit(9)  # as the kernel's OOM killer would end it: no exception, no cleanup


@pytest.fixture(autouse=True)
def no_pool_left() -> Iterator[None]:
    yield
    worker_pool.release_workers()


def test_results_come_back_in_the_order_of_the_chunks() -> None:
    # the first chunks sleep longest, so later ones finish first
    chunks = [(number, 0.2 - number * 0.02) for number in range(8)]
    results = list(worker_pool.map_in_workers(slow_square, chunks, key="test", workers=2))
    assert [square for square, _pid in results] == [number * number for number in range(8)]
    assert len({pid for _square, pid in results}) == 2  # both workers took chunks
    assert os.getpid() not in {pid for _square, pid in results}


def test_workers_outlive_one_call_until_released() -> None:
    first = {pid for _, pid in worker_pool.map_in_workers(slow_square, [(1, 0.1), (2, 0.1)],
                                                          key="test", workers=2)}
    second = {pid for _, pid in worker_pool.map_in_workers(slow_square, [(3, 0.1), (4, 0.1)],
                                                           key="test", workers=2)}
    assert second <= first  # the same processes: nothing forked again
    worker_pool.release_workers()
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in first)


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="three is not allowed"):
        list(worker_pool.map_in_workers(fail_on_three, [(n,) for n in range(5)], key="test",
                                        workers=2))
    assert list(worker_pool.map_in_workers(fail_on_three, [(1,), (2,)], key="test",
                                           workers=2)) == [1, 2]


def test_a_killed_worker_breaks_the_call_and_the_next_call_starts_a_new_pool() -> None:
    with pytest.raises(BrokenProcessPool):
        list(worker_pool.map_in_workers(die, [(1,)], key="test", workers=2))
    assert [square for square, _ in worker_pool.map_in_workers(
        slow_square, [(5, 0.0)], key="test", workers=2)] == [25]


def test_no_chunks_no_results() -> None:
    assert list(worker_pool.map_in_workers(slow_square, [], key="test", workers=2)) == []


KILLED_PARENT = """
import sys, time
from tests.test_worker_pool import slow_square
from tasks import worker_pool
pids = {pid for _, pid in worker_pool.map_in_workers(slow_square, [(1, 0.2), (2, 0.2)],
                                                      key="test", workers=2)}
print(*pids, flush=True)
time.sleep(600)
"""


def test_workers_exit_when_their_parent_is_killed() -> None:
    import subprocess
    import sys
    from pathlib import Path

    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[1])
    try:
        workers = [psutil.Process(int(pid)) for pid in parent.stdout.readline().split()]  # type: ignore[union-attr]
        assert len(workers) == 2
        parent.kill()  # SIGKILL: no atexit, no shutdown of the pool
        parent.wait()
        _gone, alive = psutil.wait_procs(workers, timeout=10 * worker_pool.PARENT_CHECK_SECONDS)
        assert not alive
    finally:
        parent.kill()
