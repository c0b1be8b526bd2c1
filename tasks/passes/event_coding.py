"""Pass 6 of the events: keep the candidates that are events and write their rows.

The lexicon's `requires` condition keeps loose words from making events ("threatened with
collapse" has no one threatening; "the decision to buy the shares" has no one acting). What is
kept gets a confidence (a verb over an event noun, a named source, a main clause) and becomes
one row of `doc._.events` and rows of `doc._.event_arguments` (see tasks.extract's
EVENT_SCHEMA and ARGUMENT_SCHEMA). The same trigger coded the same way twice is one event.
Normalisation (`tasks.events`) then codes QuadClass and Goldstein, resolves dates and
de-duplicates within the article.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from tasks.passes.candidates import EventCandidate
from tasks.passes.references import forget_doc_references
from tasks.passes.syntax import OBJECTS, PASSIVE_SUBJECTS, SUBJECTS, in_background_clause, subject_clause, trigger_text

NAME = "newsflow_event_coding"
PERSON_TYPES = {"PERSON"}
VISITED_TYPES = {"GPE", "LOC"}  # where a visit goes: a country, city or region


@Language.component(NAME)
def write_event_rows(doc: Doc) -> Doc:
    sentence_of = {sent.start: index for index, sent in enumerate(doc.sents)}
    events: list[dict] = []
    arguments: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for candidate in doc._.event_candidates or []:
        token = doc[candidate.token]
        governor = None if candidate.governor is None else doc[candidate.governor]
        if candidate.conditional or not requirement_met(token, governor, candidate) or (
            (token.idx, candidate.cameo_code) in seen
        ):
            continue
        seen.add((token.idx, candidate.cameo_code))
        event_key = len(events)
        events.append({"event_key": event_key, **event_row(token, governor, candidate, sentence_of)})
        arguments.extend({"event_key": event_key, "role": a.role, "start_char": a.start_char,
                          "end_char": a.end_char} for a in candidate.arguments)
    doc._.events, doc._.event_arguments = events, arguments
    doc._.event_candidates = None  # working state: not carried back from worker processes
    forget_doc_references(doc)
    return doc


def event_row(token: Token, governor: Token | None, candidate: EventCandidate, sentence_of: dict[int, int]) -> dict:
    confidence = 0.9 if token.pos_ != "NOUN" else 0.7
    if not any(a.role == "source" for a in candidate.arguments):
        confidence -= 0.2
    if in_background_clause(governor or token):
        confidence -= 0.1  # told in passing ("Johnson, who was forced to apologise, ...")
    place = candidate.location
    return {
        "sentence_index": sentence_of.get(token.sent.start, 0),
        "trigger": token.text if governor is None else trigger_text(governor, token),
        "trigger_lemma": candidate.key,
        "start_char": token.idx, "end_char": token.idx + len(token.text),
        "cameo_code": candidate.cameo_code, "modality": candidate.modality, "date_text": candidate.date_text,
        "location_start_char": place[0] if place else None,
        "location_end_char": place[1] if place else None,
        "confidence": round(confidence, 2),
    }


def requirement_met(token: Token, governor: Token | None, candidate: EventCandidate) -> bool:
    """The lexicon's `requires` condition, which keeps loose words from making events."""
    requires = candidate.entry.requires
    sources = [a for a in candidate.arguments if a.role == "source"]
    targets = [a for a in candidate.arguments if a.role == "target"]
    joint = len(sources) >= 2  # "A and B will meet"
    if requires == "target":
        # someone named is acted on, or several act together, or a named actor acts on a
        # stated object ("Iranian authorities arrested about 20 journalists"); a word of the
        # hand lexicon, chosen for its meaning in news, also with its named actor alone ("Israel
        # will not attend"), a loose dictionary verb not ("the firm backed off")
        lone_source = not candidate.entry.from_dictionary or has_object(governor or token)
        met = bool(targets) or joint or (bool(sources) and lone_source)
    elif requires == "acted_on":  # "offered China access"
        met = bool(targets)
    elif requires == "person_target":
        met = any(a.entity_type in PERSON_TYPES for a in targets)
    elif requires == "source":  # "threatened with collapse" has no one threatening
        met = bool(sources)
    elif requires == "reciprocal":  # "EU ministers are meeting": a group meets
        # ... or someone meets with others, named or not ("meeting with shareholders")
        met = bool(targets) or joint or plural_subject(governor or token) or (
            bool(sources) and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children))
    elif requires == "place":  # "flew to Beijing" is a visit; "flew to safety" is not
        met = bool(sources) and any(a.entity_type in VISITED_TYPES for a in targets)
    elif requires == "object":  # "urged the men to step down": someone is urged
        met = bool(targets) or any(c.dep_ in OBJECTS | {"dative", "xcomp", "ccomp"} for c in token.children)
    else:
        met = True
    if met and requires in {"target", "person_target"} and not sources and agentless_active(token):
        return False  # "the decision to buy the shares": nobody is said to act
    return met


def has_object(predicate: Token) -> bool:
    """Whether a verb states what it acts on: a direct object or a passive subject."""
    return predicate.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in OBJECTS | PASSIVE_SUBJECTS | {"dative"} for c in predicate.children)


def agentless_active(token: Token) -> bool:
    """An active verb with no subject anywhere up its clause chain and no "by" agent."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    passive = any(c.dep_ in {"auxpass", "agent"} for c in token.children) or (
        token.dep_ == "acl" and token.tag_ == "VBN")
    return not passive and subject_clause(token)[0] is None


def plural_subject(predicate: Token) -> bool:
    holder = subject_clause(predicate)[0]
    return holder is not None and any(
        c.dep_ in SUBJECTS and (c.tag_ in {"NNS", "NNPS"} or c.conjuncts) for c in holder.children)


