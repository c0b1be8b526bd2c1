"""newsflow's own passes over a parsed Doc, registered as spaCy pipeline components.

`add_passes` adds them to a loaded pipeline in the order of `PASSES`, so `nlp.pipe_names` shows
the whole order, and they run wherever the pipeline runs (in newsflow's worker processes too,
with `n_process > 1`: `tasks.worker_pool`). Each pass is a module with one job, and its word lists live in
`tasks/data/`. The results are plain rows on the Doc: `doc._.mentions`, `doc._.roles`,
`doc._.events`, `doc._.event_arguments`.

| order | pass | module | job |
| --- | --- | --- | --- |
| before the parser | newsflow_paragraph_breaks | paragraphs | a line break ends a sentence |
| 1 | newsflow_mentions | mentions | entity mentions and stated roles (tasks.ner) |
| 2 | newsflow_event_triggers | event_triggers | trigger words: CAMEO verb dictionary, hand lexicon, event nouns |
| 3 | newsflow_event_arguments | event_arguments | subjects, objects, agents, prepositional phrases |
| 4 | newsflow_event_references | event_references | pronouns, "the firm", "the two countries" -> mentions |
| 5 | newsflow_event_circumstances | event_circumstances | modality, date, place |
| 6 | newsflow_event_evaluations | event_evaluations | judgements ("said the offer was opportunistic") |
| 7 | newsflow_event_coding | event_coding | requirements, confidence, the rows |

Normalisation (`tasks.events`) then codes QuadClass and Goldstein, resolves dates, links
participants to canonical entities and de-duplicates within the article.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from tasks.cameo_verbs import verb_dictionary
from tasks.ner.data import lexicons
from tasks.passes import (
    event_arguments,
    event_circumstances,
    event_coding,
    event_evaluations,
    event_references,
    event_triggers,
    mentions,
    paragraphs,
)
from tasks.passes.lexicon import load_lexicon
from tasks.place_evidence import load_place_data

# The passes that read the finished parse, in their declared order (after the model's own):
# name -> the component, which callers holding a Doc but no pipeline call directly.
RULE_PASS_FUNCTIONS: dict[str, Callable[[Doc], Doc]] = {
    mentions.NAME: mentions.add_mentions,
    event_triggers.NAME: event_triggers.find_triggers,
    event_arguments.NAME: event_arguments.attach_arguments,
    event_references.NAME: event_references.resolve_references,
    event_circumstances.NAME: event_circumstances.add_circumstances,
    event_evaluations.NAME: event_evaluations.find_evaluations,
    event_coding.NAME: event_coding.write_event_rows,
}
RULE_PASSES: tuple[str, ...] = tuple(RULE_PASS_FUNCTIONS)
EVENT_PASSES = RULE_PASSES[1:]
NEWSFLOW_PASSES = (paragraphs.NAME, *RULE_PASSES)


def add_passes(nlp: Language) -> Language:
    """Add newsflow's passes to `nlp`: the paragraph pass before its parser, the rule passes
    after its last component."""
    if paragraphs.NAME not in nlp.pipe_names:
        nlp.add_pipe(paragraphs.NAME, **({"before": "parser"} if "parser" in nlp.pipe_names else {}))
    for name in RULE_PASSES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def load_reference_data() -> None:
    """Read the word lists, dictionaries and place tables the passes consult, once, in this
    process. Called when the pipeline is loaded, so that the worker processes (forked with
    `n_process > 1`) inherit them rather than each reading its own copy, and never call polars
    after a fork (see `tasks.place_evidence.load_place_data`)."""
    lexicons()
    load_lexicon()
    verb_dictionary()
    load_place_data()


def run_passes(nlp: Language, doc: Doc, names: tuple[str, ...] = RULE_PASSES) -> Doc:
    """Run the named passes of `nlp` on a Doc parsed without them."""
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc
