"""What the event passes hand each other on a Doc: one `EventCandidate` per trigger, filled in
pass by pass (each pass returns new candidates; none is changed in place), and the rows the last
pass leaves for extraction to read.

The candidates live on `doc._.event_candidates` only while the passes run; the last pass
replaces them with plain rows (`doc._.events`, `doc._.event_arguments`), which extraction turns into
the rows a worker process sends back (`tasks.extract.add_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from tasks.passes.lexicon import LexiconEntry

DOC_FIELDS = ("mentions", "roles", "event_candidates", "events", "event_arguments")


@dataclass(frozen=True)
class Argument:
    role: str  # 'source' | 'target'
    start_char: int
    end_char: int
    entity_type: str


@dataclass(frozen=True)
class EventCandidate:
    token: int  # index of the trigger token
    key: str  # the lexicon key it matched ("agree+cooperate", "export control", a verb)
    entry: LexiconEntry
    cameo_code: str
    governor: int | None = None  # the light verb of an event noun ("offering subsidies")
    governor_kind: str = ""
    complement: int | None = None  # the to-clause verb of a "head+complement" entry
    source_heads: tuple[int, ...] = ()
    target_heads: tuple[int, ...] = ()
    arguments: tuple[Argument, ...] = ()
    modality: str = "asserted"
    date_text: str | None = None
    location: tuple[int, int] | None = None  # the place mention's characters
    conditional: bool = False  # told as a condition or hypothesis ("if necessary"): not coded


def register_doc_fields() -> None:
    for name in DOC_FIELDS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_doc_fields()
