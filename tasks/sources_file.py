"""The sources file (`sources.yaml`): named feeds and pages, with optional per-source settings.

    defaults:                 # optional; every source may override them
      delay_seconds: 1.0      # between two requests to one host
      concurrency: 2          # requests in flight to one host
      timeout_seconds: 15
      retries: 3              # after a 429 or 5xx answer
      max_entries: 100        # newest entries of a feed read per run
    sources:
      - name: bbc-world
        url: https://feeds.bbci.co.uk/news/world/rss.xml
        kind: feed            # feed, page, or auto (the default: decided by what answers)

A mistake in the file is a ValueError naming the source and the field, which the CLI prints
as one `Error:` line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tasks.fetch import FetchPolicy
from tasks.urls import is_web_url

SOURCE_KINDS = ("auto", "feed", "page")
# sources.yaml key -> FetchPolicy field
POLICY_KEYS = {"delay_seconds": "per_host_delay_seconds", "concurrency": "per_host_concurrency",
               "timeout_seconds": "timeout_seconds", "retries": "retries"}
SOURCE_KEYS = {"name", "url", "kind", "max_entries", *POLICY_KEYS}


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str = "auto"
    max_entries: int | None = None
    settings: tuple[tuple[str, float], ...] = ()  # sources.yaml policy keys, as given

    def policy(self, base: FetchPolicy) -> FetchPolicy:
        """`base` with this source's own settings applied."""
        return replace(base, **{POLICY_KEYS[key]: _typed(POLICY_KEYS[key], value)
                                for key, value in self.settings})


def sources_from_urls(urls: list[str]) -> list[Source]:
    """URLs given on the command line: each a source of its own, named by host and path."""
    return [Source(name=_name_of(url), url=url) for url in urls]


def load_sources(path: Path) -> list[Source]:
    """The sources of a sources file; an empty list when it names none (all commented out)."""
    import yaml

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FileNotFoundError(f"sources file not found: {path}") from error
    except yaml.YAMLError as error:
        raise ValueError(f"sources file {path} is not valid YAML: {_first_line(error)}") from error
    if loaded is None:
        return []
    if not isinstance(loaded, dict):
        raise ValueError(f"sources file {path} must be a mapping with a 'sources' list")
    unknown = set(loaded) - {"defaults", "sources"}
    if unknown:
        raise ValueError(f"sources file {path}: unknown key {sorted(unknown)[0]!r} "
                         "(expected 'defaults' and 'sources')")
    defaults = loaded.get("defaults") or {}
    entries = loaded.get("sources") or []
    if not isinstance(defaults, dict) or not isinstance(entries, list):
        raise ValueError(f"sources file {path}: 'defaults' must be a mapping and 'sources' a list")
    sources = [_source(path, number, {**defaults, **entry} if isinstance(entry, dict) else entry)
               for number, entry in enumerate(entries, start=1)]
    names = [source.name for source in sources]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated:
        raise ValueError(f"sources file {path}: the name {repeated!r} is used by two sources")
    return sources


def _source(path: Path, number: int, entry: Any) -> Source:
    where = f"sources file {path}, source {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping with 'url' (and 'name'), got {entry!r}")
    unknown = set(entry) - SOURCE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown setting {sorted(unknown)[0]!r} "
                         f"(known: {', '.join(sorted(SOURCE_KEYS))})")
    url = entry.get("url")
    if not isinstance(url, str) or not is_web_url(url):
        raise ValueError(f"{where}: 'url' must be an http:// or https:// URL, got {url!r}")
    kind = entry.get("kind", "auto")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"{where}: 'kind' must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}")
    max_entries = entry.get("max_entries")
    if max_entries is not None and (not isinstance(max_entries, int) or max_entries < 1):
        raise ValueError(f"{where}: 'max_entries' must be a positive whole number, got {max_entries!r}")
    settings = []
    for key in POLICY_KEYS:
        if key in entry:
            value = entry[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{where}: {key!r} must be a number of at least 0, got {value!r}")
            settings.append((key, value))
    return Source(name=str(entry.get("name") or _name_of(url)), url=url, kind=kind,
                  max_entries=max_entries, settings=tuple(settings))


def _typed(field_name: str, value: float) -> float | int:
    return int(value) if field_name in ("per_host_concurrency", "retries") else float(value)


def _name_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())
