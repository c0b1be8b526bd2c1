"""Pass 5 of the events: judgements, an actor's statement that another actor, or what it did,
is wrong ("Southcorp said Foster's offer was 'opportunistic'", "described the sentence as
harsh", "ABC said the claims were untrue").

A word of `tasks/data/event_evaluation_words.csv` is the trigger when it is said of something:
- the complement of a copula in the reported clause of a speech verb: the speaker is the source
  and the copula's subject (or its possessor) the target;
- the "as" phrase or predicate of a verb of describing: its subject is the source, its object
  the target.
A judgement denied ("said the plans were not racist") is none. The statement itself is the
event, so its modality is the speech or describing verb's. Runs
after the references and circumstances passes, and does both for its own candidates.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from tasks.data_files import read_rows
from tasks.passes.candidates import EventCandidate
from tasks.passes.event_circumstances import date_text, modality
from tasks.passes.event_references import with_arguments
from tasks.passes.lexicon import LexiconEntry
from tasks.passes.references import DocReferences, doc_references
from tasks.passes.syntax import OBJECTS, REPORTING_LINKS, SPEECH_LEMMAS, SUBJECTS

NAME = "newsflow_event_evaluations"
# Verbs that judge their object by a predicate: "labelled the court illegal", "described X as Y".
DESCRIBING_LEMMAS = {"describe", "label", "brand", "call", "dub", "denounce", "condemn", "term"}
COPULA_LEMMAS = {"be", "seem", "appear", "look", "remain", "become"}


@lru_cache(maxsize=1)
def load_evaluation_words() -> dict[str, str]:
    return {row["word"]: row["code"] for row in read_rows("event_evaluation_words.csv")}


@Language.component(NAME)
def find_evaluations(doc: Doc) -> Doc:
    words = load_evaluation_words()
    references = doc_references(doc)
    dates = [ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"}]
    found = []
    for token in doc:
        code = words.get(token.lemma_.lower()) if token.pos_ in {"ADJ", "NOUN"} else None
        frame = judged_by(token) if code else None
        if frame is None:
            continue
        judge, judged = frame
        candidate = evaluation_candidate(doc, token, code, judge, judged, references)
        if candidate.arguments:
            found.append(replace(candidate, modality=modality(judge),
                                 date_text=date_text(token, judge, dates)))
    doc._.event_candidates = [*(doc._.event_candidates or []), *found]
    return doc


def judged_by(word: Token) -> tuple[Token, Token | None] | None:
    """(the verb the judgement is made with, the phrase judged) for an evaluation word in one
    of the two frames, else None."""
    head = word.head
    # "as harsh" / "as a disgrace": the word under an "as" phrase of a describing verb
    if head.dep_ == "prep" and head.lower_ == "as" and head.head.lemma_.lower() in DESCRIBING_LEMMAS:
        return head.head, _object(head.head)
    if word.dep_ in {"oprd", "ccomp", "xcomp"} and head.lemma_.lower() in DESCRIBING_LEMMAS:
        return head, _object(head)  # "labelled the court illegal"
    if word.dep_ == "amod" and word.i > head.i and head.dep_ in OBJECTS and (
        head.head.lemma_.lower() in DESCRIBING_LEMMAS
    ):
        return head.head, head  # the same, parsed as an adjective after its noun
    said = head.dep_ in REPORTING_LINKS and head.head.lemma_.lower() in SPEECH_LEMMAS
    denied = any(c.dep_ == "neg" for c in (*head.children, *word.children))  # "were not racist"
    if word.dep_ in {"acomp", "attr"} and head.lemma_.lower() in COPULA_LEMMAS and said and not denied:
        return head.head, next((c for c in head.children if c.dep_ in SUBJECTS), None)
    return None


def _object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in OBJECTS), None)


def evaluation_candidate(doc: Doc, word: Token, code: str, judge: Token, judged: Token | None,
                         references: DocReferences) -> EventCandidate:
    sources = [s for c in judge.children if c.dep_ in SUBJECTS for s in references.resolve_subject(c)]
    candidate = EventCandidate(
        word.i, word.lemma_.lower(), LexiconEntry("evaluation", code, "source"), code,
        governor=judge.i, governor_kind="evaluation",
        source_heads=tuple(t.i for t in sources),
        target_heads=() if judged is None else (judged.i,),
    )
    return with_arguments(doc, candidate, references)
