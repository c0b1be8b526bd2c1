"""Debian's chromium, driven by Python Playwright (no `playwright install`), with every request
that is not local aborted and recorded: the browser tests must not reach the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]
requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
    "(make test installs it with scripts/ensure-chromium)",
)


@contextmanager
def local_only_context(is_local: Callable[[str], bool], width: int,
                       height: int) -> Iterator[tuple[Any, list[str]]]:
    """A browser context that lets through requests whose URL `is_local` accepts and aborts the
    rest; yields the context and the list of URLs it blocked."""
    from playwright.sync_api import Route, sync_playwright

    blocked: list[str] = []

    def route_request(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", route_request)
            yield context, blocked
        finally:
            browser.close()
