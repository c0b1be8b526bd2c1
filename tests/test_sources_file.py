"""The sources file: named feeds with defaults and per-source settings, and one clear error for
each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.fetch import FetchPolicy
from tasks.sources_file import load_sources
from tests.conftest import PROJECT, run_newsflow


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_example_names_no_source_so_the_default_run_needs_no_network() -> None:
    assert load_sources(PROJECT / "sources.yaml") == []
    assert "https://feeds.bbci.co.uk/news/world/rss.xml" in (PROJECT / "sources.yaml").read_text()


def test_defaults_apply_to_every_source_and_a_source_overrides_them(tmp_path: Path) -> None:
    path = write(tmp_path, """
defaults: {delay_seconds: 1.5, max_entries: 20}
sources:
  - {name: world, url: "https://example.org/world.xml"}
  - {url: "https://example.org/asia.xml", delay_seconds: 0, concurrency: 4, kind: feed}
""")
    world, asia = load_sources(path)
    assert (world.name, world.max_entries, asia.name, asia.kind) == ("world", 20, "example.org/asia.xml", "feed")
    base = FetchPolicy()
    assert world.policy(base).per_host_delay_seconds == 1.5
    assert (asia.policy(base).per_host_delay_seconds, asia.policy(base).per_host_concurrency) == (0.0, 4)
    assert asia.policy(base).timeout_seconds == base.timeout_seconds


@pytest.mark.parametrize(("text", "message"), [
    ("sources: [{url: 'ftp://example.org/x'}]", "source 1: 'url' must be an http:// or https:// URL"),
    ("sources: [{url: 'https://a.org/x', kind: rss}]", "source 1: 'kind' must be one of auto, feed, page"),
    ("sources: [{url: 'https://a.org/x', delay: 1}]", "source 1: unknown setting 'delay'"),
    ("sources: [{url: 'https://a.org/x', timeout_seconds: -1}]", "'timeout_seconds' must be a number of at least 0"),
    ("sources: [{name: a, url: 'https://a.org/x'}, {name: a, url: 'https://b.org/x'}]", "the name 'a' is used by two"),
    ("feeds: []", "unknown key 'feeds'"),
    ("sources: [unclosed", "is not valid YAML"),
])
def test_a_mistake_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match="sources file") as error:
        load_sources(write(tmp_path, text))
    assert message in str(error.value)


def test_the_cli_reports_a_bad_sources_file_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: [{url: 'https://a.org/x', kind: rss}]")
    result = run_newsflow("run", "--sources", str(path), "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: sources file {path}, source 1: 'kind' must be one of auto, feed, page, got 'rss'"]
