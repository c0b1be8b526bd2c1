"""Pass 3 of the events: resolve references, so each argument is an entity mention.

Names stated in the clause come first; then pronouns, "the firm", "the prime minister", "the
government" and groups ("the two countries") are resolved to what they refer back to
(`DocReferences`). A pronoun may not take the place of an entity the clause itself names in
another role. A candidate with no participating entity is dropped: it could not be queried
by actor anyway.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from tasks.passes.candidates import Argument, EventCandidate
from tasks.passes.lexicon import load_not_actors
from tasks.passes.references import DocReferences, doc_references

NAME = "newsflow_event_references"
# "anti-French demonstrations", "pro-Europe campaigners": a stance towards someone, not them
STANCE_PREFIXES = ("anti-", "pro-")


@Language.component(NAME)
def resolve_references(doc: Doc) -> Doc:
    references = doc_references(doc)
    resolved = (with_arguments(doc, candidate, references) for candidate in doc._.event_candidates or [])
    doc._.event_candidates = [candidate for candidate in resolved if candidate.arguments]
    return doc


def with_arguments(doc: Doc, candidate: EventCandidate, references: DocReferences) -> EventCandidate:
    arguments: list[Argument] = []
    taken: set[int] = set()
    for resolve in (False, True):
        for role, heads in (("source", candidate.source_heads), ("target", candidate.target_heads)):
            for head in heads:
                for mention in references.mentions_of(doc[head], resolve):
                    if mention["start_char"] in taken or not is_actor(mention):
                        continue
                    taken.add(mention["start_char"])
                    arguments.append(Argument(role, mention["start_char"], mention["end_char"],
                                              mention["entity_type"]))
    return replace(candidate, arguments=tuple(arguments))


def is_actor(mention: dict) -> bool:
    """Whether a mention can take part in an event: not a stance, not a bare office ("MPs")."""
    surface = mention["surface"].lower()
    return not surface.startswith(STANCE_PREFIXES) and surface not in load_not_actors()
