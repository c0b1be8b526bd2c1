"""Event candidates from one parsed spaCy Doc, for callers that hold a Doc and its mentions.

The work is done by the event passes of `tasks.passes` (triggers, arguments, references,
circumstances, evaluations, coding), in their declared order; a run gets the same rows from the pipeline.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.ner import find_roles
from tasks.passes import EVENT_PASSES, RULE_PASS_FUNCTIONS


def find_events(doc: Doc, mentions: list[dict], roles: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """Event rows (see tasks.extract.EVENT_SCHEMA) and their argument rows (ARGUMENT_SCHEMA).
    `roles` are `tasks.ner.find_roles(doc, mentions)`, found again when not given."""
    doc._.mentions = mentions
    doc._.roles = find_roles(doc, mentions) if roles is None else roles
    for name in EVENT_PASSES:
        doc = RULE_PASS_FUNCTIONS[name](doc)
    return doc._.events, doc._.event_arguments
