"""The evaluations: newsflow's entities, events and places scored against gold sets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings
from newsflow.commands.options import fail, guarded

# What every evaluation against an annotated gold asks for.
CorpusOption = Annotated[Path, typer.Option(help="The articles the annotations point into.")]
SHARED_CORPUS = Path("../shared/data/news_corpus.jsonl")
SpacyModelOption = Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")]


def eval_ner(
    file: Annotated[Path, typer.Argument(help="JSONL of documents with gold entities (CoNLL-2003 shape).")],
    predictions_out: Annotated[Path | None, typer.Option(
        help="Also write one JSON line of predicted entities per document.")] = None,
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Score newsflow's entities (and raw spaCy's, side by side) against gold entities.

    Example: newsflow eval-ner ../shared/data/conll03_dev.jsonl --predictions-out preds.jsonl
    """
    from newsflow.eval_ner import evaluate_ner

    if not file.exists():
        fail(f"no such file: {file}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluate_ner(file, settings.spacy_model, predictions_out)))




def eval_events(
    gold: Annotated[Path, typer.Option(
        help="Every event in whole articles (event_gold_dev.jsonl and its .md).")] = Path(
        "../shared/data/event_gold_dev.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Event recall, pair precision and recall, actor countries and modality on whole articles,
    beside the previous extractor's figures.

    Example: newsflow eval-events --gold ../shared/data/event_gold_dev.jsonl
    """
    from newsflow.eval_events import evaluate_events

    _evaluate(evaluate_events, gold, corpus, spacy_model)


def eval_places(
    gold: Annotated[Path, typer.Option(
        help="Annotated place mentions (ids, offsets, intended GeoNames feature or country).")
    ] = Path("tests/data/place_gold.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Share of places resolved, and country- and feature-level accuracy of the resolved ones.

    Example: newsflow eval-places --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_places import evaluate_places

    _evaluate(evaluate_places, gold, corpus, spacy_model)


def eval_entities(
    gold: Annotated[Path, typer.Option(
        help="Entity clusters of annotated mentions (ids, offsets, cluster ids).")
    ] = Path("tests/data/entity_gold.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    whole_corpus: Annotated[bool, typer.Option(
        help="Resolve across every article of the corpus, not only the gold's (slower).")] = False,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Pairwise and B-cubed precision and recall of cross-article entity resolution.

    Example: newsflow eval-entities --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_entities import evaluate_entities

    _evaluate(lambda g, c, m: evaluate_entities(g, c, m, whole_corpus), gold, corpus, spacy_model)


def _evaluate(evaluator: Callable[[Path, Path, str], str], gold: Path, corpus: Path,
              spacy_model: str | None) -> None:
    """Print what an evaluator reports on a gold file and the corpus it points into."""
    for path in (gold, corpus):
        if not path.exists():
            fail(f"no such file: {path}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluator(gold, corpus, settings.spacy_model)))

