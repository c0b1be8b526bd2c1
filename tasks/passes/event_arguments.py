"""Pass 2 of the events: attach arguments, the phrases that act (sources) and are acted on
(targets), read off the dependency parse.

Subjects (climbing to-clauses and coordinations), passive subjects, "by" agents, objects and
datives, prepositional phrases ("with", "against", "between"), co-subjects ("along with"), the
noun a participle modifies ("a firm making chips"), and an event noun's possessor ("China's
sanctions", "his arrest"). The heads are kept as token indices; the next pass says which
entities they stand for.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from tasks.passes.candidates import EventCandidate
from tasks.passes.references import DocReferences, doc_references
from tasks.passes.syntax import (
    CO_SOURCE_PREPOSITIONS,
    OBJECTS,
    PASSIVE_SUBJECTS,
    PLACE_PREPOSITIONS,
    SUBJECTS,
    TARGET_PREPOSITIONS,
    objects_of,
    prep_text,
    subject_clause,
    with_conjuncts,
)

NAME = "newsflow_event_arguments"


@Language.component(NAME)
def attach_arguments(doc: Doc) -> Doc:
    references = doc_references(doc)
    doc._.event_candidates = [argument_heads(doc, candidate, references)
                              for candidate in doc._.event_candidates or []]
    return doc


def argument_heads(doc: Doc, candidate: EventCandidate, references: DocReferences) -> EventCandidate:
    token = doc[candidate.token]
    governor = None if candidate.governor is None else doc[candidate.governor]
    complement = None if candidate.complement is None else doc[candidate.complement]
    predicate = governor if governor is not None else token
    reverse = candidate.governor_kind == "reverse_light"
    sources, targets = _subject_side(predicate, reverse, references)
    _object_side(token, predicate, complement, targets)
    _prepositions(token, governor, complement, candidate, reverse, references, sources, targets)
    if token.pos_ == "NOUN":
        _participle_modifiers(token, sources, targets)
        # "China's sanctions" (the possessor acts) / "his arrest" (the possessor undergoes)
        for child in token.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and references.mention_of(child):
                if candidate.entry.possessor == "target":
                    targets.append(child)
                elif not sources:
                    sources.append(child)
    return replace(candidate, source_heads=tuple(t.i for t in sources),
                   target_heads=tuple(t.i for t in targets))


def _participle_modifiers(noun: Token, sources: list[Token], targets: list[Token]) -> None:
    """An event noun's participle says who did it ("a lawsuit filed by Mr Spitzer") or whom it
    is about ("a claim accusing the firms")."""
    for clause in noun.children:
        if clause.dep_ != "acl" or clause.pos_ != "VERB":
            continue
        if clause.tag_ == "VBN":
            for child in clause.children:
                if child.dep_ == "agent":
                    sources.extend(objects_of(child))
        elif clause.tag_ == "VBG":
            targets.extend(t for child in clause.children if child.dep_ in OBJECTS for t in with_conjuncts(child))


def _subject_side(predicate: Token, reverse: bool, references: DocReferences) -> tuple[list[Token], list[Token]]:
    sources: list[Token] = []
    targets: list[Token] = []
    subject_holder, raised = subject_clause(predicate)
    for child in subject_holder.children if subject_holder is not None else []:
        if child.dep_ in SUBJECTS:
            (targets if reverse else sources).extend(references.resolve_subject(child))
        elif child.dep_ in PASSIVE_SUBJECTS:
            # "ministers are thought to support X", "X was forced to apologise": the passive
            # subject of the verb above is the doer of the to-clause
            (sources if raised else targets).extend(references.resolve_subject(child))
    if predicate.dep_ == "acl" and predicate.pos_ == "VERB":
        # "Margaret Hassan, kidnapped in Iraq" / "a firm making chips"
        if predicate.tag_ == "VBN":
            targets.append(predicate.head)
        elif predicate.tag_ == "VBG":
            sources.append(predicate.head)
    if subject_holder is not None:
        # "Japan, along with the Netherlands, agreed" / "Gallagher was arrested along with White":
        # the co-participant shares the subject's role
        passive = any(c.dep_ in PASSIVE_SUBJECTS for c in subject_holder.children) and not raised
        for child in subject_holder.children:
            if child.dep_ == "prep" and prep_text(child) in CO_SOURCE_PREPOSITIONS:
                (targets if passive or reverse else sources).extend(objects_of(child))
    for child in predicate.children:
        if child.dep_ == "agent":
            sources.extend(objects_of(child))
    return sources, targets


def _object_side(token: Token, predicate: Token, complement: Token | None, targets: list[Token]) -> None:
    if token.pos_ == "NOUN":
        for clause in token.children:  # "controls that will limit sales in China"
            if clause.dep_ == "relcl":
                for child in clause.children:
                    if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                        targets.extend(objects_of(child))
    for verb in [predicate] + ([complement] if complement is not None else []):
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        for child in verb.children:
            if child.dep_ in OBJECTS and child.i not in {token.i, getattr(complement, "i", -1)}:
                targets.extend(with_conjuncts(child))
            elif child.dep_ == "dative":
                targets.extend(objects_of(child) or [child])


def _prepositions(token: Token, governor: Token | None, complement: Token | None, candidate: EventCandidate,
                  reverse: bool, references: DocReferences, sources: list[Token], targets: list[Token]) -> None:
    for holder in [token] + [h for h in (governor, complement) if h is not None]:
        for child in holder.children:
            text = prep_text(child)
            if child.dep_ != "prep":
                continue
            if text in CO_SOURCE_PREPOSITIONS or (text == "from" and reverse) or (
                text == candidate.entry.source_preposition
            ):
                sources.extend(objects_of(child))
            elif text == "between":
                objects = objects_of(child)
                sources.extend(objects[:1])
                targets.extend(objects[1:])
            elif holder is token and candidate.key == f"{token.lemma_.lower()} {text}":
                targets.extend(objects_of(child))  # the entry's own preposition: "arrived in Kabul"
            elif (text in TARGET_PREPOSITIONS - {"in", "from"} or (text == "in" and holder.pos_ == "NOUN")) and not (
                text == "for" and candidate.entry.from_dictionary  # "arrived for a BBC show": a purpose
            ):
                for obj in objects_of(child):
                    place = references.place_type(obj)
                    # "in Bolivia" is where; "criticised the stance on Europe": a region after
                    # "on" is what it is about
                    if (place is None or text not in PLACE_PREPOSITIONS) and not (text == "on" and place == "LOC"):
                        targets.append(obj)
