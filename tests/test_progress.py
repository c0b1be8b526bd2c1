"""The stage clock a run's windows are timed with (one log line a window)."""

from __future__ import annotations

from collections.abc import Callable

from tasks.progress import StageClock


def ticking(*readings: float) -> Callable[[], float]:
    """A clock that reads `readings` in turn."""
    values = iter(readings)
    return lambda: next(values)


def test_each_lap_ends_the_stage_it_names() -> None:
    clock = StageClock(ticking(100.0, 100.5, 680.5, 700.5))
    for stage in ("read", "extract", "normalise"):
        clock.lap(stage)
    assert clock.seconds == {"read": 0.5, "extract": 580.0, "normalise": 20.0}
    assert clock.total == 600.5


def test_a_stage_timed_twice_adds_up() -> None:
    clock = StageClock(ticking(0.0, 1.0, 3.0, 6.0))
    for stage in ("extract", "validate", "extract"):
        clock.lap(stage)
    assert clock.seconds == {"extract": 4.0, "validate": 2.0}


def test_the_description_gives_the_time_an_article_and_every_stage() -> None:
    clock = StageClock(ticking(0.0, 580.0, 600.0, 602.0, 603.0))
    for stage in ("extract", "normalise", "validate", "stage"):
        clock.lap(stage)
    assert clock.describe(5000) == ("5,000 articles in 603 s, 121 ms an article "
                                    "(extract 580 s, normalise 20 s, validate 2 s, stage 1 s)")


def test_a_window_without_articles_has_no_time_an_article() -> None:
    clock = StageClock(ticking(0.0, 0.25))
    clock.lap("read")
    assert clock.describe(0) == "0 articles in 0.25 s (read 0.25 s)"
