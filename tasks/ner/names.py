"""Names within a doc: surname -> full name, acronym -> long form, short form -> long form."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from tasks.data_files import read_rows
from tasks.gazetteer import place_gazetteer
from tasks.ner.candidate import Candidate, reads_as_group, reads_as_person, reads_as_place
from tasks.ner.data import lexicons
from tasks.ner.reference import rule_type


def _initials(words: list[str]) -> str:
    suffixes = lexicons().org_suffixes
    kept = [w for w in words if w[:1].isupper() and w.lower() not in suffixes]
    return "".join(w[0] for w in kept)


def link_names(doc: Doc, candidates: list[Candidate]) -> None:
    """Surname -> full name, acronym -> long form, short form -> long form; sets hints."""
    texts = [doc[c.start:c.end].text for c in candidates]
    people: dict[str, list[tuple[int, str]]] = {}
    for candidate, text in zip(candidates, texts, strict=True):
        words = (candidate.canonical_hint or text).split()
        # A rule that made the name an organisation ("Manchester United") outranks the model's
        # PERSON reading: its last word is no surname.
        is_person = candidate.fixed_type == "PERSON" or (
            candidate.fixed_type is None and candidate.votes["PERSON"] > 0)
        if is_person and len(words) >= 2:
            people.setdefault(words[-1].lower(), []).append(
                (candidate.start, candidate.canonical_hint or text))
    long_forms = [(c, t) for c, t in zip(candidates, texts, strict=True) if len(t.split()) >= 2]
    spouses = _spouse_honorifics(doc, candidates, texts)
    for candidate, text in zip(candidates, texts, strict=True):
        words = text.split()
        if (candidate.start, text.lower()) in spouses:
            candidate.canonical_hint = spouses[(candidate.start, text.lower())]
            candidate.fixed_type = candidate.fixed_type or "PERSON"
            continue
        if len(words) == 1 and text.lower() in people and rule_type(text) != "GPE":
            candidate.canonical_hint = _nearest_full_name(people[text.lower()], candidate.start)
            candidate.fixed_type = candidate.fixed_type or "PERSON"
            continue
        if len(words) == 1 and text.isupper() and 2 <= len(text) <= 6:
            for other, other_text in long_forms:
                # A person's initials are not an acronym ("Ulrich Schulte-Strathaus" is not
                # "US"): only organisations and places have acronyms.
                if reads_as_person(other):
                    continue
                if _initials(other_text.split()) == text and rule_type(other_text) != "GPE":
                    other.canonical_hint = text
                    other.votes["ORG"] += 1
                    candidate.votes["ORG"] += 1
                    break
            continue
        for other, other_text in long_forms:
            other_words = other_text.split()
            # A place is not the short form of an organisation named after it: "London" is
            # not "London Stock Exchange"; nor is an adjective ("European" is not "European
            # Union": the model's NORP reading marks the adjective/demonym).
            if len(other_words) > len(words) and other_words[:len(words)] == words and \
                    rule_type(other_text) == "ORG" and rule_type(text) is None and \
                    text.lower() not in place_gazetteer().country_code_of_capital and \
                    not reads_as_place(candidate) and not reads_as_group(candidate):
                candidate.canonical_hint = other.canonical_hint or other_text
                candidate.fixed_type = candidate.fixed_type or "ORG"
                break


def _spouse_honorifics(doc: Doc, candidates: list[Candidate],
                       texts: list[str]) -> dict[tuple[int, str], str]:
    """(start, lower-cased surname) -> "Mrs Howard" for the one-word names after a woman's
    honorific in a doc that also has the same surname after a man's ("Mr Howard ... Mrs
    Howard": two people, as in a politician's spouse; entity_honorific_genders.csv). Those
    mentions keep the honorific in their name and take no full name: the first names do not
    say whose the doc's full name is, and news names the figure in full and the spouse by
    honorific, so the full name stays with the man's honorific (a wife named in full beside
    "Mr X" is then split from her "Mrs X" mentions, not merged with him)."""
    genders = honorific_genders()
    seen: dict[str, set[str]] = {}
    marked: list[tuple[int, str, str]] = []
    for candidate, text in zip(candidates, texts, strict=True):
        if " " in text or candidate.start == 0:
            continue
        honorific = doc[candidate.start - 1].text
        gender = genders.get(honorific.lower())
        if gender is not None:
            seen.setdefault(text.lower(), set()).add(gender)
            marked.append((candidate.start, text, honorific.rstrip(".")))
    return {(start, text.lower()): f"{honorific} {text}" for start, text, honorific in marked
            if len(seen[text.lower()]) == 2 and genders[honorific.lower()] == "female"}


@lru_cache(maxsize=1)
def honorific_genders() -> dict[str, str]:
    return {row["word"]: row["gender"] for row in read_rows("entity_honorific_genders.csv")}


def _nearest_full_name(full_names: list[tuple[int, str]], position: int) -> str:
    """The full name a lone surname stands for: the last one named before it ("Jason Robinson
    ... Robinson said" after "Andy Robinson" earlier), else the first one after it (headlines
    use the surname before the body names the person)."""
    before = [name for start, name in full_names if start < position]
    return before[-1] if before else full_names[0][1]
