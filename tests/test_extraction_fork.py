"""spaCy's worker processes are forked from a process that has used polars' thread pool (every
run reads and cleans with polars first). A pass that read its reference data with polars inside
such a worker hung for ever (the actor dictionaries behind the place evidence did, 2026-12-01).
The data is now read when the pipeline loads, before the fork: extraction with two processes
must finish, and find what one process finds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SECONDS_ALLOWED = 120  # two workers load the model in a few seconds; a hang never ends

SCRIPT = textwrap.dedent("""
    import polars as pl

    pl.DataFrame({"n": list(range(300_000))}).sort("n")  # polars' thread pool is up, as in a run

    from newsflow.settings import Settings
    from tasks.extract import extract_entities_and_events

    texts = [
        "Officials in Geneva said the talks between Iran and the European Union would resume.",
        "Shares in Yugansk fell after Gazprom said it would not bid. Mr Putin met Jacques Chirac.",
        "The mayor of Birmingham visited Washington, where she met US senators.",
        "D Hickie and Murphy scored as Leinster beat Cardiff in Dublin on Saturday.",
    ]
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts})
    model = Settings.from_env({}).spacy_model
    two = extract_entities_and_events(articles, model, batch_size=1, n_process=2)
    one = extract_entities_and_events(articles, model, batch_size=1, n_process=1)
    assert two.mentions.height > 0
    for name in ("mentions", "roles", "events", "event_arguments"):
        assert getattr(one, name).equals(getattr(two, name)), name
    print("same rows from 1 and 2 processes")
""")


def test_two_spacy_processes_after_polars_finish_with_the_rows_of_one() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT, capture_output=True,
                            text=True, timeout=SECONDS_ALLOWED)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "same rows from 1 and 2 processes" in result.stdout
