"""Reading the dependency parse: the labels the event passes look for and small helpers over
spaCy tokens that none of them owns (coordination, prepositions, clause chains, lemmas)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tasks.entity_type_sets import PLACE_TYPES  # noqa: F401  (the passes read it from here)

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "attr"}
# Prepositions whose object is acted on ("meet with X", "sanctions on X", "aid to X").
TARGET_PREPOSITIONS = {"with", "against", "on", "to", "into", "from", "between", "for", "in", "of"}
PLACE_PREPOSITIONS = {"in", "at"}
CO_SOURCE_PREPOSITIONS = {"along with", "together with", "as well as", "alongside"}
SPEECH_LEMMAS = {"say", "tell", "report", "claim", "add", "reveal", "announce", "state",
                 "insist", "believe", "suggest", "indicate", "argue", "allege", "write"}
DENIAL_LEMMAS = {"deny", "reject", "dismiss", "refute", "dispute"}
PLANNED_AUXILIARIES = {"will", "shall", "would", "could", "may", "might", "should", "'ll", "wo"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
REPORTING_LINKS = {"ccomp", "parataxis"}
ADJUNCT_PREPOSITIONS = {"after", "before", "by", "since", "without", "despite", "while", "on", "upon",
                        "through", "in"}
# Dependents of a verb whose words a dictionary pattern may name ("accused them OF TORTURE"),
# and how many words of the phrase on each side a pattern may reach.
PATTERN_DEPENDENTS = {"dobj", "obj", "prep", "prt", "dative", "attr", "oprd", "acomp", "advmod", "npadvmod"}
PATTERN_WORDS = 6


def subject_clause(predicate: Token) -> tuple[Token | None, bool]:
    """The verb whose subject is this event's subject: itself, the control verb it is the
    to-clause of ("agreed to cooperate"), the verb a purpose clause depends on ("stepped in
    to rescue it") or a participle adjunct hangs on ("after using"), or the first verb of a
    coordination; and whether a to-clause or adjunct was climbed (then a passive subject up
    there is this event's doer)."""
    current = predicate
    raised = False
    for _ in range(6):
        if any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in current.children):
            return current, raised
        purpose = current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if adjunct_participle(current):
            raised = True
            current = current.head.head
            continue
        if (current.dep_ in {"xcomp", "conj", "acomp"} or purpose) and current.head.i != current.i:
            raised = raised or current.dep_ == "xcomp" or purpose
            current = current.head
            continue
        return None, raised
    return None, raised


def adjunct_participle(verb: Token) -> bool:
    """"arrested after using his blog", "resigned the whip after criticising UKIP": a participle
    after a time or manner preposition has the subject of the clause it hangs on. (After "of",
    "from" or "into" the object is the doer: "accused Titan of paying", "stopped them from
    leaving"; those are no adjunct prepositions.)"""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or verb.head.lower_ not in ADJUNCT_PREPOSITIONS:
        return False
    return verb.head.head.pos_ in {"VERB", "AUX"}


def in_background_clause(token: Token) -> bool:
    """Whether the trigger sits in a relative clause or a participle modifying a noun."""
    current = token
    for _ in range(12):
        if current.dep_ in {"relcl", "acl"}:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def denied_content(top: Token) -> bool:
    """"He denied a report that he planned to ...": the clause is the content of a noun that a
    denial verb takes as object."""
    if top.dep_ != "acl" or top.head.dep_ not in OBJECTS:
        return False
    return top.head.head.lemma_.lower() in DENIAL_LEMMAS


def clause_chain(token: Token) -> list[Token]:
    """The trigger and the verbs it is the complement/object of, up to its own clause."""
    chain = [token]
    current = token
    while current.dep_ in {"xcomp", "dobj", "pobj", "prep", "acomp", "nsubjpass"} and current.head.i != current.i:
        current = current.head
        if current.pos_ in {"VERB", "AUX", "ADJ"}:
            chain.append(current)
        if current.dep_ not in {"xcomp", "dobj", "pobj", "prep", "acomp"}:
            break
    return chain


def with_conjuncts(token: Token) -> list[Token]:
    """The phrase head, its coordinated heads and their appositions ("Vivendi, its chief
    executive Jean-Rene Fourtou and ... Jean-Bernard Levy")."""
    heads = [token, *token.conjuncts]
    for head in list(heads):
        for child in head.children:
            # a name in apposition is another name of the actor; a description ("Ms Kelly, a
            # Cabinet Office minister and Bolton West MP") names no other actor
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                heads.extend([child, *child.conjuncts])
    return heads


def objects_of(preposition: Token) -> list[Token]:
    objects: list[Token] = []
    for child in preposition.children:
        if child.dep_ in {"pobj", "pcomp"}:
            objects.extend(with_conjuncts(child))
        elif child.dep_ == "prep":  # "along with": with -> pobj
            objects.extend(objects_of(child))
    return objects


def prep_text(token: Token) -> str:
    """'along with' for the multi-word prepositions spaCy parses as prep -> prep."""
    inner = [c for c in token.children if c.dep_ == "prep"]
    if token.dep_ in {"prep", "advmod"} and inner and not any(c.dep_ == "pobj" for c in token.children):
        return f"{token.lower_} {inner[0].lower_}"
    return token.lower_


def trigger_text(governor: Token, token: Token) -> str:
    start, end = sorted((governor.i, token.i))
    return governor.doc[start:end + 1].text if end - start <= 6 else token.text


def date_phrase(ent: Span) -> str:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.dep_ == "prep" and before.lower_ in {"on", "in", "at"}:
        return f"{before.text} {ent.text}"
    return ent.text


def lemma_candidates(token: Token) -> list[str]:
    """spaCy's lemma, then regular-inflection readings of the word for when the lemmatiser
    guessed wrong ("fined" -> "fin" instead of "fine")."""
    word = token.lower_
    candidates = [token.lemma_.lower()]
    if token.tag_ in {"VBD", "VBN"} and word.endswith("ed"):
        candidates += [word[:-1], word[:-2]]
    elif token.tag_ == "VBG" and word.endswith("ing"):
        candidates += [word[:-3] + "e", word[:-3]]
    elif token.tag_ == "VBZ" and word.endswith("s"):
        candidates += [word[:-1]]
    return candidates


def phrase_words(verb: Token) -> tuple[list[str], list[str]]:
    """The lower-case words of the verb's phrase before it (its subject side) and after it (its
    objects, particles and prepositional phrases), in text order, a few of each."""
    after = sorted((t for child in verb.rights if child.dep_ in PATTERN_DEPENDENTS
                    for t in child.subtree if not t.is_punct), key=lambda t: t.i)
    before = sorted((t for child in verb.lefts if child.dep_ not in {"punct", "aux", "neg"}
                     for t in child.subtree if not t.is_punct), key=lambda t: t.i)
    return [t.lower_ for t in before][-PATTERN_WORDS:], [t.lower_ for t in after][:PATTERN_WORDS]
