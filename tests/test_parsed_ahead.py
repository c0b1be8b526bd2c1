"""tasks.extract.parsed_ahead: Docs parsed by a background thread arrive in order, a parse
error reaches the consumer, and a consumer that stops early does not leave the thread stuck."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tasks.extract import parsed_ahead


def numbers(count: int, fail_at: int | None = None) -> Iterator[int]:
    for number in range(count):
        if number == fail_at:
            raise ValueError(f"cannot parse item {number}")
        yield number


def parse_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "newsflow-parse"]


def test_items_arrive_in_order_and_all_of_them() -> None:
    assert list(parsed_ahead(numbers(500), lookahead=8)) == list(range(500))  # type: ignore[arg-type]


def test_a_parse_error_is_raised_in_the_consumer() -> None:
    received = []
    with pytest.raises(ValueError, match="cannot parse item 7"):
        for item in parsed_ahead(numbers(20, fail_at=7), lookahead=4):  # type: ignore[arg-type]
            received.append(item)
    assert received == list(range(7))


def test_a_consumer_that_stops_early_releases_the_parser() -> None:
    items = parsed_ahead(numbers(10_000), lookahead=2)  # type: ignore[arg-type]
    assert next(items) == 0
    items.close()  # what a `break` or an exception in the consumer does
    deadline = time.monotonic() + 5
    while parse_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not parse_threads()
