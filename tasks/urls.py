"""Canonical URLs: one spelling per page, so the warehouse can tell a page it already holds.

Scheme and host are lower-cased, default ports and fragments dropped, tracking parameters
(`tasks/data/url_tracking_parameters.txt`) removed and the remaining ones kept in their order.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=1)
def _tracking_parameters() -> tuple[frozenset[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    for line in (DATA_DIR / "url_tracking_parameters.txt").read_text(encoding="utf-8").splitlines():
        name = line.strip().lower()
        if not name or name.startswith("#"):
            continue
        if name.endswith("*"):
            prefixes.append(name[:-1])
        else:
            exact.add(name)
    return frozenset(exact), tuple(prefixes)


def is_tracking_parameter(name: str) -> bool:
    exact, prefixes = _tracking_parameters()
    lowered = name.lower()
    return lowered in exact or lowered.startswith(prefixes)


def is_web_url(text: str) -> bool:
    """An http(s) URL (what `newsflow run` fetches), as opposed to a file path."""
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """`HTTPS://Example.com:443/a?utm_source=x&id=2#top` -> `https://example.com/a?id=2`."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if not is_tracking_parameter(name)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
