"""Named moments of a run, announced as the run reaches them: extracting, validating,
data-docs, staging, window-staged, staged, publishing, committed.

Nothing listens in a real run, so announcing costs a call. The fault tests listen (from
tests/fault_hooks/, loaded only into the runs they start) to stop a real run at one of them.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str], None]

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call `listener(name)` at every checkpoint this process reaches from now on."""
    _listeners.append(listener)


def reached(name: str) -> None:
    for listener in _listeners:
        listener(name)
