"""Pass 4 of the events: modality, date and place of each candidate.

- modality: `negated` ("did not meet", "failed to reach", the content of a denial), `planned`
  (will, would, "are to discuss", a control verb of intent, "ministers are meeting on
  Thursday"), `reported` (the clause of a speech verb said before it), else `asserted`;
- date: a DATE or TIME entity attached to the trigger or its light or control verb, as written
  (normalisation resolves it against the publication date);
- place: the first place named by "in X" / "at X" / "at a meeting in X" on the trigger;
- condition: whether the event is only a condition or hypothesis ("evacuate them if necessary",
  "in case they need to help"), which the coding pass leaves out.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tasks.passes.candidates import EventCandidate
from tasks.passes.lexicon import load_conditions, trigger_entry
from tasks.passes.references import DocReferences, doc_references
from tasks.passes.syntax import (
    PLACE_PREPOSITIONS,
    PLANNED_AUXILIARIES,
    SPEECH_LEMMAS,
    clause_chain,
    date_phrase,
    denied_content,
    objects_of,
)

NAME = "newsflow_event_circumstances"


@Language.component(NAME)
def add_circumstances(doc: Doc) -> Doc:
    references = doc_references(doc)
    dates = [ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"}]
    doc._.event_candidates = [with_circumstances(doc, candidate, references, dates)
                              for candidate in doc._.event_candidates or []]
    return doc


def with_circumstances(doc: Doc, candidate: EventCandidate, references: DocReferences,
                       dates: list[Span]) -> EventCandidate:
    token = doc[candidate.token]
    governor = None if candidate.governor is None else doc[candidate.governor]
    place = location(token, governor, references)
    return replace(candidate, modality=modality(token), date_text=date_text(token, governor, dates),
                   location=None if place is None else (place["start_char"], place["end_char"]),
                   conditional=is_conditional(governor or token))


def is_conditional(token: Token) -> bool:
    """Whether the event's clause, or a clause it depends on within the sentence, is a condition:
    it has an "if"/"unless" clause of its own, is one, or follows "in case"."""
    conditions = load_conditions()
    marks, phrases = conditions.get("mark", frozenset()), conditions.get("phrase", frozenset())
    doc = token.doc
    current = token
    for _ in range(8):
        clauses = [current, *(c for c in current.children if c.dep_ == "advcl")]
        if any(clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)
               for clause in clauses):
            return True
        start = current.left_edge.i
        if start >= 2 and f"{doc[start - 2].lower_} {doc[start - 1].lower_}" in phrases:
            return True
        if current.dep_ not in {"xcomp", "conj", "dobj", "pobj", "prep", "acomp"} or current.head.i == current.i:
            return False
        current = current.head
    return False


def location(token: Token, governor: Token | None, references: DocReferences) -> dict | None:
    """First place named by "in X" / "at X" / "at a meeting in X" on the trigger."""
    holders = [governor or token]
    if governor is None and token.dep_ == "xcomp":
        holders.append(token.head)
    if governor is None and token.pos_ == "VERB":
        # "met X in Washington": the parser often hangs the place on the object
        holders += [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    for holder in holders:
        for child in holder.children:
            if child.dep_ != "prep" or child.lower_ not in PLACE_PREPOSITIONS:
                continue
            for obj in objects_of(child):
                if references.is_place(obj):
                    return references.mention_of(obj, resolve=False)
                for inner in obj.children:  # "at a meeting in Hiroshima"
                    if inner.dep_ == "prep" and inner.lower_ in PLACE_PREPOSITIONS:
                        for place in objects_of(inner):
                            if references.is_place(place):
                                return references.mention_of(place, resolve=False)
    return None


def date_text(token: Token, governor: Token | None, dates: list[Span]) -> str | None:
    """A DATE entity attached to the trigger (or its light/control verb)."""
    anchors = {token.i}
    if governor is not None:
        anchors.add(governor.i)
    if token.dep_ == "xcomp":
        anchors.add(token.head.i)
    for ent in dates:
        root = ent.root
        head = root.head
        if head.dep_ == "prep":
            head = head.head
        if head.i in anchors and root.sent == token.sent:
            return date_phrase(ent)
    return None


def modality(token: Token) -> str:
    chain = clause_chain(token)
    if any(c.dep_ == "neg" for link in chain for c in link.children) or denied_content(chain[-1]) or (
        neither_nor(token) or any(_controls(link, token, "control_negated") for link in chain)
    ):
        return "negated"
    if any(_plans(link, token) for link in chain):
        return "planned"
    top = chain[-1]
    if top.dep_ in {"ccomp", "xcomp"} and top.head.lemma_.lower() in SPEECH_LEMMAS and top.head.i < token.i:
        return "reported"
    return "asserted"


def neither_nor(token: Token) -> bool:
    """"neither admits nor denies": both verbs of the pair are negated."""
    first = token.head if token.dep_ == "conj" else token
    return any(c.dep_ == "preconj" and c.lower_ == "neither" for c in first.children) or (
        token.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in (*token.children, *first.children)))


def _controls(link: Token, token: Token, kind: str) -> bool:
    """Whether a verb above the trigger is a control verb of this kind ("failed to reach")."""
    if link.i == token.i:
        return False
    found = trigger_entry(link)
    return found is not None and found[1].kind == kind


def _plans(link: Token, token: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in PLANNED_AUXILIARIES for c in link.children):
        return True
    if _controls(link, token, "control_planned"):
        return True
    if link.lemma_.lower() == "be" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in link.children):
        return True  # "are to discuss"
    return link.tag_ == "VBG" and link.dep_ in {"ROOT", "conj"} and any(
        c.dep_ == "npadvmod" or (c.dep_ == "prep" and c.lower_ == "on") for c in link.children
    ) and any(ent.label_ == "DATE" for ent in link.doc.ents if ent.root.head in (link, *link.children))
